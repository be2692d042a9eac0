using System.Globalization;
using ChatIntake.Dialogs.Text;

namespace ChatIntake.Tests.Text;

public sealed class JalaliDayTests
{
    private static readonly PersianCalendar Calendar = new();

    [Fact]
    public void Every_day_from_1900_to_2150_is_the_day_persian_calendar_says_it_is()
    {
        // The table spans 1921–2121; the years either side take PersianCalendar's own path.
        var mismatches = new List<string>();
        for (var day = new DateTime(1900, 1, 1); day < new DateTime(2150, 1, 1); day = day.AddDays(1))
        {
            var expected = new JalaliDay(Calendar.GetYear(day), Calendar.GetMonth(day), Calendar.GetDayOfMonth(day));
            var actual = JalaliDay.Of(day.AddHours(23).AddMinutes(59));
            if (actual != expected && mismatches.Count < 10)
            {
                mismatches.Add($"{day:yyyy-MM-dd}: {actual} instead of {expected}");
            }
        }

        Assert.Empty(mismatches);
    }

    [Theory]
    [InlineData(2026, 3, 21, 1405, 1, 1)]
    [InlineData(2026, 12, 3, 1405, 9, 12)]
    [InlineData(2025, 3, 20, 1403, 12, 30)]
    [InlineData(2121, 3, 20, 1499, 12, 29)]
    public void Known_days_read_as_people_in_iran_write_them(int y, int m, int d, int jy, int jm, int jd)
    {
        var day = JalaliDay.Of(new DateTime(y, m, d));
        Assert.Equal(new JalaliDay(jy, jm, jd), day);
        Assert.Equal(new DateTime(y, m, d), day.ToDateTime());
    }
}
