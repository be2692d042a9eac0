using System.Globalization;

namespace ChatIntake.Dialogs.Text;

/// <summary>
/// A day of the Jalali (Solar Hijri) calendar, exactly as <see cref="PersianCalendar"/> reckons it. PersianCalendar works
/// each date out astronomically (about 20 µs a call, three calls a date), and a queue page, a status reply or an export
/// asks for thousands; here a table of month starts, built once from PersianCalendar's own leap years, answers by lookup.
/// </summary>
public readonly record struct JalaliDay(int Year, int Month, int Day)
{
    private const int FirstYear = 1300;
    private const int Years = 200;
    private static readonly PersianCalendar Calendar = new();

    // DayNumber of the first day of each month from Farvardin 1300 (1921) to Esfand 1499 (2121), and one past the end.
    private static readonly Lazy<int[]> MonthStarts = new(BuildMonthStarts);

    /// <summary>The Jalali day of a date (its time of day is ignored).</summary>
    public static JalaliDay Of(DateTime date)
    {
        var dayNumber = DateOnly.FromDateTime(date).DayNumber;
        var starts = MonthStarts.Value;
        if (dayNumber < starts[0] || dayNumber >= starts[^1])
        {
            return new JalaliDay(Calendar.GetYear(date), Calendar.GetMonth(date), Calendar.GetDayOfMonth(date));
        }

        var index = Array.BinarySearch(starts, dayNumber);
        if (index < 0)
        {
            index = ~index - 1;
        }

        return new JalaliDay(FirstYear + (index / 12), (index % 12) + 1, dayNumber - starts[index] + 1);
    }

    /// <summary>The Gregorian date this Jalali day falls on (midnight, unspecified kind).</summary>
    public DateTime ToDateTime() => Calendar.ToDateTime(Year, Month, Day, 0, 0, 0, 0);

    private static int[] BuildMonthStarts()
    {
        var starts = new int[(Years * 12) + 1];
        var day = DateOnly.FromDateTime(Calendar.ToDateTime(FirstYear, 1, 1, 0, 0, 0, 0)).DayNumber;
        for (var year = 0; year < Years; year++)
        {
            var leap = Calendar.IsLeapYear(FirstYear + year);
            for (var month = 1; month <= 12; month++)
            {
                starts[(year * 12) + month - 1] = day;
                day += month <= 6 ? 31 : month <= 11 ? 30 : leap ? 30 : 29;
            }
        }

        starts[^1] = day;
        return starts;
    }
}
