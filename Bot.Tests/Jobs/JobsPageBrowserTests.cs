using ChatIntake.Tests.Admin;
using Microsoft.Playwright;

namespace ChatIntake.Tests.Jobs;

public sealed class JobsPageBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_scheduled_jobs_page_reads_in_persian_with_jalali_times()
    {
        var page = await browser.SignedInPageAsync(language: "fa");

        await page.GotoAsync("/admin/settings/jobs");

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("کارهای زمان‌بندی‌شده");
        await Assertions.Expect(page.Locator("td[data-next]").First).ToContainTextAsync("۱۴۰۵/");
        await BrowserFixture.ScreenshotAsync(page, "admin-jobs-fa");
        await page.Context.CloseAsync();
    }
}
