using System.Globalization;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;
using Microsoft.Extensions.Options;

namespace ChatIntake.Tickets;

/// <summary>
/// Working-hour arithmetic on the city's business calendar: a target of 8 working hours set on Wednesday afternoon
/// falls due on Saturday, not on Thursday night. Holidays are Jalali dates, as the city's calendar is.
/// </summary>
public sealed class WorkingCalendar
{
    private static readonly PersianCalendar Jalali = new();
    private readonly TimeZoneInfo _zone;
    private readonly Dictionary<DayOfWeek, (TimeSpan Open, TimeSpan Close)?> _week = [];
    private readonly HashSet<(int Month, int Day)> _yearly = [];
    private readonly HashSet<(int Year, int Month, int Day)> _once = [];

    // Every new ticket asks about the same few weeks of days; the Jalali conversion is the costly part of a turn's due times.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<DateTime, (TimeSpan Open, TimeSpan Close)?> _days = new();

    public WorkingCalendar(IOptions<CalendarOptions> calendar, IOptions<IntakeOptions> intake)
        : this(calendar.Value, TimeZoneInfo.FindSystemTimeZoneById(intake.Value.TimeZone))
    {
    }

    public WorkingCalendar(CalendarOptions options, TimeZoneInfo zone)
    {
        _zone = zone;
        foreach (var day in Enum.GetValues<DayOfWeek>())
        {
            _week[day] = options.Week.TryGetValue(day.ToString(), out var hours) ? ParseHours(hours) : null;
        }

        foreach (var holiday in options.Holidays)
        {
            var parts = holiday.Split('-').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
            if (parts.Length == 2)
            {
                _yearly.Add((parts[0], parts[1]));
            }
            else
            {
                _once.Add((parts[0], parts[1], parts[2]));
            }
        }
    }

    /// <summary>The city's time zone, in which working days and calendar days are counted.</summary>
    public TimeZoneInfo Zone => _zone;

    /// <summary>Why the options cannot be used, or null; checked at start.</summary>
    public static string? Problem(CalendarOptions options)
    {
        foreach (var (day, hours) in options.Week)
        {
            if (!Enum.TryParse<DayOfWeek>(day, ignoreCase: true, out _))
            {
                return $"Calendar:Week:{day} is not a day of the week.";
            }

            try
            {
                ParseHours(hours);
            }
            catch (FormatException)
            {
                return $"Calendar:Week:{day} must be like 08:00-16:00, or empty for a day off.";
            }
        }

        foreach (var holiday in options.Holidays)
        {
            var parts = holiday.Split('-');
            if (parts.Length is not (2 or 3) || !parts.All(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out _)) ||
                !IsJalaliDate(parts.Length == 3 ? int.Parse(parts[0], CultureInfo.InvariantCulture) : 1404, int.Parse(parts[^2], CultureInfo.InvariantCulture), int.Parse(parts[^1], CultureInfo.InvariantCulture)))
            {
                return $"Calendar:Holidays: '{holiday}' must be a Jalali date, MM-DD or YYYY-MM-DD.";
            }
        }

        return options.Week.Values.Any(h => !string.IsNullOrWhiteSpace(h)) ? null : "Calendar:Week has no working day.";
    }

    /// <summary>The moment <paramref name="hours"/> working hours after <paramref name="start"/> have passed.</summary>
    public DateTimeOffset AddWorkingHours(DateTimeOffset start, double hours)
    {
        var remaining = TimeSpan.FromHours(hours);
        var local = TimeZoneInfo.ConvertTime(start, _zone);
        for (var day = local.Date; day < local.Date.AddYears(2); day = day.AddDays(1))
        {
            if (Window(day) is not var (open, close))
            {
                continue;
            }

            var from = day == local.Date && local.TimeOfDay > open ? local.TimeOfDay : open;
            if (from >= close)
            {
                continue;
            }

            var available = close - from;
            if (remaining <= available)
            {
                return ToInstant(day + from + remaining);
            }

            remaining -= available;
        }

        throw new InvalidOperationException("The calendar has no working hours in the next two years.");
    }

    /// <summary>Working time between two instants (zero when <paramref name="to"/> is not after <paramref name="from"/>).</summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return TimeSpan.Zero;
        }

        var start = TimeZoneInfo.ConvertTime(from, _zone);
        var end = TimeZoneInfo.ConvertTime(to, _zone);
        var total = TimeSpan.Zero;
        for (var day = start.Date; day <= end.Date; day = day.AddDays(1))
        {
            if (Window(day) is not var (open, close))
            {
                continue;
            }

            var a = day == start.Date ? Max(open, start.TimeOfDay) : open;
            var b = day == end.Date ? Min(close, end.TimeOfDay) : close;
            if (b > a)
            {
                total += b - a;
            }
        }

        return total;
    }

    public bool IsWorkingDay(DateTimeOffset at) => IsWorkingDay(TimeZoneInfo.ConvertTime(at, _zone).Date);

    public bool IsWorkingDay(DateTime localDate) => Window(localDate) is not null;

    /// <summary>When the office next opens, or null while it is open at <paramref name="at"/> (evenings, days off and holidays are closed).</summary>
    public DateTimeOffset? NextOpening(DateTimeOffset at)
    {
        // Zero working hours from a closed moment land on the next opening; from an open one, on the moment itself.
        var opens = AddWorkingHours(at, 0);
        return opens == at ? null : opens;
    }

    /// <summary>Working days that began after <paramref name="from"/> and by <paramref name="to"/> (Saturday 10:00 to Tuesday 10:00 is three).</summary>
    public int WorkingDaysBetween(DateTimeOffset from, DateTimeOffset to)
    {
        var start = TimeZoneInfo.ConvertTime(from, _zone).Date;
        var end = TimeZoneInfo.ConvertTime(to, _zone).Date;
        var days = 0;
        for (var day = start.AddDays(1); day <= end; day = day.AddDays(1))
        {
            days += IsWorkingDay(day) ? 1 : 0;
        }

        return days;
    }

    private (TimeSpan Open, TimeSpan Close)? Window(DateTime localDate) => _days.GetOrAdd(localDate.Date, WindowOf);

    private (TimeSpan Open, TimeSpan Close)? WindowOf(DateTime localDate)
    {
        var (year, month, dayOfMonth) = JalaliDay.Of(localDate);
        return _yearly.Contains((month, dayOfMonth)) || _once.Contains((year, month, dayOfMonth)) ? null : _week[localDate.DayOfWeek];
    }

    private DateTimeOffset ToInstant(DateTime local) =>
        new(local, _zone.GetUtcOffset(local));

    private static (TimeSpan Open, TimeSpan Close)? ParseHours(string? hours)
    {
        if (string.IsNullOrWhiteSpace(hours))
        {
            return null;
        }

        var parts = hours.Split('-');
        if (parts.Length != 2 ||
            !TimeSpan.TryParseExact(parts[0].Trim(), @"hh\:mm", CultureInfo.InvariantCulture, out var open) ||
            !TimeSpan.TryParseExact(parts[1].Trim(), @"hh\:mm", CultureInfo.InvariantCulture, out var close) || close <= open)
        {
            throw new FormatException($"'{hours}' is not HH:mm-HH:mm");
        }

        return (open, close);
    }

    private static bool IsJalaliDate(int year, int month, int day) =>
        month is >= 1 and <= 12 && day >= 1 && day <= Jalali.GetDaysInMonth(year, month);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
