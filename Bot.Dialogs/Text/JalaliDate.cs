using System.Globalization;

namespace ChatIntake.Dialogs.Text;

/// <summary>Dates as citizens read them: Jalali with Persian digits in Persian, Gregorian in English, in the city's time zone.</summary>
public static class JalaliDate
{
    private static readonly PersianCalendar Calendar = new();

    public static string Format(DateTimeOffset instant, TimeZoneInfo zone, CultureInfo culture, bool withTime = true)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone).DateTime;
        if (culture.TwoLetterISOLanguageName != "fa")
        {
            return local.ToString(withTime ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        var text = string.Create(CultureInfo.InvariantCulture,
            $"{Calendar.GetYear(local):0000}/{Calendar.GetMonth(local):00}/{Calendar.GetDayOfMonth(local):00}");
        if (withTime)
        {
            text += string.Create(CultureInfo.InvariantCulture, $" {local.Hour:00}:{local.Minute:00}");
        }

        return PersianText.ToPersianDigits(text);
    }
}
