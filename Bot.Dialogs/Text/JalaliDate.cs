using System.Globalization;

namespace ChatIntake.Dialogs.Text;

/// <summary>Dates as citizens read them: Jalali with Persian digits in Persian, Gregorian in English, in the city's time zone.</summary>
public static class JalaliDate
{
    private static readonly string[] Months = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"];

    // Indexed by DayOfWeek, which starts on Sunday.
    private static readonly string[] Weekdays = ["یکشنبه", "دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه"];

    public static string Format(DateTimeOffset instant, TimeZoneInfo zone, CultureInfo culture, bool withTime = true)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone).DateTime;
        if (culture.TwoLetterISOLanguageName != "fa")
        {
            return local.ToString(withTime ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        var day = JalaliDay.Of(local);
        var text = string.Create(CultureInfo.InvariantCulture, $"{day.Year:0000}/{day.Month:00}/{day.Day:00}");
        if (withTime)
        {
            text += string.Create(CultureInfo.InvariantCulture, $" {local.Hour:00}:{local.Minute:00}");
        }

        return PersianText.ToPersianDigits(text);
    }

    /// <summary>A day as people say it: "سه‌شنبه ۱۲ آذر ۱۴۰۵، ساعت ۱۰:۳۰" in Persian (no leading zero: "ساعت ۸:۰۰"), "Tuesday 2 December 2026, 10:30" in English.</summary>
    public static string FormatLong(DateTimeOffset instant, TimeZoneInfo zone, CultureInfo culture)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone).DateTime;
        if (culture.TwoLetterISOLanguageName != "fa")
        {
            return local.ToString("dddd d MMMM yyyy, HH:mm", CultureInfo.InvariantCulture);
        }

        var day = JalaliDay.Of(local);
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{Weekdays[(int)local.DayOfWeek]} {day.Day} {Months[day.Month - 1]} {day.Year}، ساعت {local.Hour}:{local.Minute:00}");
        return PersianText.ToPersianDigits(text);
    }
}
