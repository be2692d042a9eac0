using System.Globalization;
using ChatIntake.Dialogs.Text;

namespace ChatIntake.Admin.Staff;

/// <summary>A day typed by staff: Jalali (1405/09/01) or Gregorian (2026-11-22), in any digits; the start of that day in the city's zone.</summary>
public static class DateInput
{
    private static readonly PersianCalendar Jalali = new();

    public static bool TryParse(string? typed, TimeZoneInfo zone, out DateTimeOffset startOfDay)
    {
        startOfDay = default;
        var parts = PersianText.ToAsciiDigits(PersianText.Clean(typed)).Split('/', '-', '.');
        if (parts.Length != 3 || !parts.All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _)))
        {
            return false;
        }

        var (year, month, day) = (int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture));
        try
        {
            // Jalali years are around 1400 today, Gregorian around 2000: the year says which calendar was meant.
            var local = year < 1700 ? new DateTime(year, month, day, Jalali) : new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified);
            startOfDay = new DateTimeOffset(local, zone.GetUtcOffset(local));
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }
}
