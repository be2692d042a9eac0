using System.Globalization;

namespace ChatIntake.Statistics;

/// <summary>A half-open span of time [Start, End) the figures count, and the one before it that they are compared with.</summary>
public sealed record StatisticsPeriod(string Kind, DateTimeOffset Start, DateTimeOffset End, DateTimeOffset PreviousStart, DateTimeOffset PreviousEnd)
{
    public const string Week = "week";
    public const string Month = "month";
    public const string Last30 = "30d";
    public const string Custom = "custom";

    private static readonly PersianCalendar Jalali = new();

    public TimeSpan Length => End - Start;

    /// <summary>The city's week, Saturday to Friday, holding <paramref name="now"/>, compared with the week before.</summary>
    public static StatisticsPeriod WeekOf(DateTimeOffset now, TimeZoneInfo zone)
    {
        var start = SaturdayOf(TimeZoneInfo.ConvertTime(now, zone).Date);
        return new(Week, At(start, zone), At(start.AddDays(7), zone), At(start.AddDays(-7), zone), At(start, zone));
    }

    /// <summary>This calendar month: the Jalali month in Persian, the Gregorian one in English; compared with the month before.</summary>
    public static StatisticsPeriod MonthOf(DateTimeOffset now, TimeZoneInfo zone, bool jalali)
    {
        var today = TimeZoneInfo.ConvertTime(now, zone).Date;
        DateTime first, next, previous;
        if (jalali)
        {
            first = Jalali.ToDateTime(Jalali.GetYear(today), Jalali.GetMonth(today), 1, 0, 0, 0, 0);
            next = Jalali.AddMonths(first, 1);
            previous = Jalali.AddMonths(first, -1);
        }
        else
        {
            first = new DateTime(today.Year, today.Month, 1, 0, 0, 0, DateTimeKind.Unspecified);
            next = first.AddMonths(1);
            previous = first.AddMonths(-1);
        }

        return new(Month, At(first, zone), At(next, zone), At(previous, zone), At(first, zone));
    }

    /// <summary>The 30 days up to the end of today, compared with the 30 before.</summary>
    public static StatisticsPeriod Last30Days(DateTimeOffset now, TimeZoneInfo zone)
    {
        var end = TimeZoneInfo.ConvertTime(now, zone).Date.AddDays(1);
        return new(Last30, At(end.AddDays(-30), zone), At(end, zone), At(end.AddDays(-60), zone), At(end.AddDays(-30), zone));
    }

    /// <summary>From the start of <paramref name="first"/> to the end of <paramref name="last"/> (local days), compared with as many days before.</summary>
    public static StatisticsPeriod Between(DateTime first, DateTime last, TimeZoneInfo zone)
    {
        var days = (last.Date - first.Date).Days + 1;
        return new(Custom, At(first.Date, zone), At(last.Date.AddDays(1), zone), At(first.Date.AddDays(-days), zone), At(first.Date, zone));
    }

    /// <summary>The Saturday that starts the city's week holding <paramref name="day"/>.</summary>
    public static DateTime SaturdayOf(DateTime day) => day.Date.AddDays(-(((int)day.DayOfWeek + 1) % 7));

    /// <summary>A local midnight as an instant in the city's zone.</summary>
    public static DateTimeOffset At(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
    }
}
