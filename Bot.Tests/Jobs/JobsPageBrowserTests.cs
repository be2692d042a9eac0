using ChatIntake.Tests.Admin;
using Microsoft.Playwright;

namespace ChatIntake.Tests.Jobs;

[Trait("Database", "Any")] // what a browser makes of the pages, run once: their server side runs on both databases in the HTTP tests
public sealed class JobsPageBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_scheduled_jobs_page_reads_in_persian_with_jalali_times()
    {
        var page = await browser.SignedInPageAsync(language: "fa");

        await page.GotoAsync("/admin/settings/jobs");

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("کارهای زمان‌بندی‌شده");
        // The next run is within the hour: this Jalali year on the host's clock, in Persian digits.
        var year = new System.Globalization.PersianCalendar().GetYear(TimeZoneInfo.ConvertTime(browser.Host.Bot.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran")).DateTime);
        var persianYear = string.Concat(year.ToString(System.Globalization.CultureInfo.InvariantCulture).Select(d => (char)('۰' + (d - '0'))));
        await Assertions.Expect(page.Locator("td[data-next]").First).ToContainTextAsync(persianYear + "/");
        await BrowserFixture.ScreenshotAsync(page, "admin-jobs-fa");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_digest_and_the_messenger_link_read_in_persian()
    {
        var page = await browser.SignedInPageAsync(language: "fa");

        await page.GotoAsync("/admin/digest");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("گزارش روزانه");
        await BrowserFixture.ScreenshotAsync(page, "admin-digest-fa");

        await page.GotoAsync("/admin/account");
        await page.ClickAsync("#messenger button[type=submit]");
        await Assertions.Expect(page.Locator("[data-link-code]")).ToContainTextAsync("/link ");
        await BrowserFixture.ScreenshotAsync(page, "admin-account-link-fa");
        await page.Context.CloseAsync();
    }
}
