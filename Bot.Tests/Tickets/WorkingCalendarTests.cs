using ChatIntake.Tickets;

namespace ChatIntake.Tests.Tickets;

/// <summary>Service-level targets in working hours on Tehran's week: Saturday–Wednesday 8–16, Thursday 8–12, Friday off.</summary>
public sealed class WorkingCalendarTests
{
    private static readonly TimeZoneInfo Tehran = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran");

    private static WorkingCalendar Calendar(params string[] holidays) =>
        new(new CalendarOptions { Holidays = [.. holidays] }, Tehran);

    private static DateTimeOffset At(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.FromHours(3.5));

    [Fact]
    public void Hours_within_a_working_day_are_plain_hours() =>
        Assert.Equal(At(2026, 11, 22, 12), Calendar().AddWorkingHours(At(2026, 11, 22, 9), 3));

    [Fact]
    public void A_target_set_before_opening_starts_counting_at_opening() =>
        Assert.Equal(At(2026, 11, 28, 9), Calendar().AddWorkingHours(At(2026, 11, 28, 6), 1));

    [Fact]
    public void Wednesday_afternoon_plus_a_working_day_runs_through_the_thursday_half_day_and_skips_friday()
    {
        // Wednesday 14–16 (2 h), Thursday 8–12 (4 h), Friday off, Saturday 8–10 (2 h).
        Assert.Equal(At(2026, 11, 28, 10), Calendar().AddWorkingHours(At(2026, 11, 25, 14), 8));
    }

    [Fact]
    public void Thursday_closes_at_noon()
    {
        Assert.Equal(At(2026, 11, 28, 9), Calendar().AddWorkingHours(At(2026, 11, 26, 11), 2));
        Assert.Equal(At(2026, 11, 28, 9), Calendar().AddWorkingHours(At(2026, 11, 26, 15), 1)); // filed after closing
    }

    [Fact]
    public void A_holiday_given_by_its_jalali_date_is_skipped()
    {
        // Saturday 1405/09/07 is declared off: the Wednesday case above moves to Sunday.
        Assert.Equal(At(2026, 11, 29, 10), Calendar("1405-09-07").AddWorkingHours(At(2026, 11, 25, 14), 8));
    }

    [Fact]
    public void Nowruz_holidays_recur_every_jalali_new_year()
    {
        // Wednesday 1404/12/27 15:00: 1 h that day, 4 h on Thursday, Friday off, 1405/01/01–04 (Sat–Tue) off, then 5 h on Wednesday.
        var calendar = Calendar("01-01", "01-02", "01-03", "01-04", "01-12", "01-13", "12-29");

        Assert.Equal(At(2026, 3, 25, 13), calendar.AddWorkingHours(At(2026, 3, 18, 15), 10));
        Assert.False(calendar.IsWorkingDay(new DateTime(2027, 3, 22)));
    }

    [Fact]
    public void Working_time_between_two_moments_leaves_out_nights_fridays_and_holidays()
    {
        var calendar = Calendar("1405-09-07");

        Assert.Equal(TimeSpan.FromHours(2 + 4 + 1), calendar.WorkingTimeBetween(At(2026, 11, 25, 14), At(2026, 11, 29, 9)));
        Assert.Equal(TimeSpan.Zero, calendar.WorkingTimeBetween(At(2026, 11, 27, 9), At(2026, 11, 27, 18)));
        Assert.Equal(TimeSpan.Zero, calendar.WorkingTimeBetween(At(2026, 11, 29, 9), At(2026, 11, 25, 9)));
    }

    [Fact]
    public void Adding_then_measuring_gives_back_the_target()
    {
        var calendar = Calendar("01-01", "01-02", "01-03", "01-04");
        var start = At(2026, 3, 17, 10, 30);

        foreach (var hours in new[] { 1.5, 8, 24, 72, 200 })
        {
            Assert.Equal(TimeSpan.FromHours(hours), calendar.WorkingTimeBetween(start, calendar.AddWorkingHours(start, hours)));
        }
    }

    [Theory]
    [InlineData("Funday", "08:00-16:00", null, "not a day of the week")]
    [InlineData("Monday", "16:00-08:00", null, "must be like 08:00-16:00")]
    [InlineData("Monday", "08:00-16:00", "13-01", "must be a Jalali date")]
    [InlineData("Monday", "08:00-16:00", "1405-12-31", "must be a Jalali date")]
    public void Impossible_settings_are_named(string day, string hours, string? holiday, string problem)
    {
        var options = new CalendarOptions { Holidays = holiday is null ? [] : [holiday] };
        options.Week[day] = hours;

        Assert.Contains(problem, WorkingCalendar.Problem(options));
    }
}
