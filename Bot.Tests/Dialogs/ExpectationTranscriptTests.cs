using System.Globalization;
using ChatIntake.Tests.Admin;
using ChatIntake.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChatIntake.Tests.Dialogs;

/// <summary>
/// The confirmation tells when a first answer is due, in working time and in the citizen's calendar, and whether the office
/// is closed now and when it opens. Lighting answers within 12 working hours; the week is Saturday–Wednesday 08–16, Thursday 08–12.
/// </summary>
public sealed class ExpectationTranscriptTests : IAsyncLifetime
{
    private static readonly TimeZoneInfo Tehran = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran");
    private readonly OffsetClock _clock = new();
    private readonly BotApplicationFactory _bot;

    public ExpectationTranscriptTests() =>
        _bot = new BotApplicationFactory(configureServices: services => services.AddSingleton<TimeProvider>(_clock));

    /// <summary>The host starts on the real clock; each test then sets the clock to the moment it files at.</summary>
    public Task InitializeAsync()
    {
        _ = _bot.Services;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
    }

    [Fact]
    public async Task Inside_working_hours_the_first_answer_is_due_in_working_time()
    {
        _clock.SetTo(Jalali(1405, 9, 16, 10)); // Monday 7 December 2026, 10:00

        var english = await FileAsync("exp-open-en", "en");
        Assert.Contains("⏱ You will get a first answer by Tuesday 8 December 2026, 14:00 at the latest.", english);
        Assert.DoesNotContain("office is closed", english);

        var persian = await FileAsync("exp-open-fa", "fa");
        Assert.Contains("⏱ پاسخ اولیه حداکثر تا سه‌شنبه ۱۷ آذر ۱۴۰۵، ساعت ۱۴:۰۰ به شما داده می‌شود.", persian);
        Assert.DoesNotContain("خارج از ساعت کاری", persian);
    }

    [Fact]
    public async Task In_the_evening_the_report_is_recorded_now_and_seen_when_the_office_opens()
    {
        _clock.SetTo(Jalali(1405, 9, 16, 19)); // Monday evening

        var english = await FileAsync("exp-evening-en", "en");
        Assert.Contains("Our office is closed right now. Your report is recorded and will be seen when the office opens, on Tuesday 8 December 2026, 08:00.", english);
        Assert.Contains("first answer by Wednesday 9 December 2026, 12:00", english);

        var persian = await FileAsync("exp-evening-fa", "fa");
        Assert.Contains("🕗 اکنون خارج از ساعت کاری است. گزارش شما همین حالا ثبت شد و با آغاز ساعت کاری، سه‌شنبه ۱۷ آذر ۱۴۰۵، ساعت ۸:۰۰، بررسی می‌شود.", persian);
        Assert.Contains("پاسخ اولیه حداکثر تا چهارشنبه ۱۸ آذر ۱۴۰۵، ساعت ۱۲:۰۰", persian);
    }

    [Fact]
    public async Task On_a_jalali_holiday_the_office_opens_on_the_next_working_day()
    {
        // 22 Bahman is a Thursday in 1405: open 08–12 on another week, a holiday in the calendar; Friday is off too.
        var holiday = Jalali(1405, 11, 22, 10);
        Assert.Equal(DayOfWeek.Thursday, TimeZoneInfo.ConvertTime(holiday, Tehran).DayOfWeek);
        _clock.SetTo(holiday);

        var persian = await FileAsync("exp-holiday-fa", "fa");
        Assert.Contains("با آغاز ساعت کاری، شنبه ۲۴ بهمن ۱۴۰۵، ساعت ۸:۰۰، بررسی می‌شود.", persian);
        Assert.Contains("پاسخ اولیه حداکثر تا یکشنبه ۲۵ بهمن ۱۴۰۵، ساعت ۱۲:۰۰", persian);

        var english = await FileAsync("exp-holiday-en", "en");
        Assert.Contains("will be seen when the office opens, on Saturday 13 February 2027, 08:00.", english);
        Assert.Contains("first answer by Sunday 14 February 2027, 12:00", english);
    }

    /// <summary>A dark street light at a fresh point; the confirmation's text.</summary>
    private async Task<string> FileAsync(string chatId, string language)
    {
        var fa = language == "fa";
        var citizen = _bot.Citizen(chatId, language);
        var (latitude, longitude) = AdminHost.NewPlace();
        await citizen.SaysAsync("/new");
        await citizen.PressesAsync(fa ? "روشنایی" : "Light");
        await citizen.SharesLocationAsync(latitude, longitude);
        await citizen.SaysAsync(fa ? "چراغ خیابان جلوی پلاک ۱۲ یک هفته است خاموش است." : "The street light in front of number 12 has been dark for a week.");
        await citizen.PressesAsync(fa ? "رد شدن" : "Skip");
        await citizen.PressesAsync(fa ? "ثبت گزارش" : "Submit");
        Assert.Contains(fa ? "گزارش شما ثبت شد" : "Your report is registered", citizen.LastText);
        citizen.SaveTranscript(chatId);
        return citizen.LastText;
    }

    private static DateTimeOffset Jalali(int year, int month, int day, int hour)
    {
        var local = new PersianCalendar().ToDateTime(year, month, day, hour, 0, 0, 0);
        return new DateTimeOffset(local, Tehran.GetUtcOffset(local));
    }
}
