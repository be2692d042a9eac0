using ChatIntake.Tests.Admin;
using Microsoft.Playwright;

namespace ChatIntake.Tests.Statistics;

/// <summary>The dashboard, league, map and weekly cycle in Chromium, Persian and English, desktop and phone: drawn without script errors or CSP refusals, and kept as screenshots to look at.</summary>
[Trait("Database", "Any")] // what a browser makes of the pages, run once: their server side runs on both databases in the HTTP tests
public sealed class DashboardBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Dashboard_league_map_and_week_render_in_both_languages_on_desktop_and_phone()
    {
        foreach (var (chat, district, waste) in new[] { ("db-1", "D1", false), ("db-2", "D1", true), ("db-3", "D2", false), ("db-4", "D2", false), ("db-5", "D1", false) })
        {
            await browser.Host.FileTicketAsync(chat, language: "fa", district: district, waste: waste);
        }

        foreach (var language in new[] { "fa", "en" })
        {
            foreach (var phone in new[] { false, true })
            {
                var page = await browser.SignedInPageAsync(language: language, phone: phone);
                try
                {
                    var suffix = $"{language}-{(phone ? "phone" : "desktop")}";
                    foreach (var (path, name, selector) in new[]
                             {
                                 ("/admin/dashboard?period=week", "dashboard", "#figures"), ("/admin/dashboard/league", "league", "#league-districts"),
                                 ("/admin/dashboard/map", "map", "svg.map"), ("/admin/dashboard/week", "week", "#week"),
                             })
                    {
                        await page.GotoAsync(path);
                        await Assertions.Expect(page.Locator(selector)).ToBeVisibleAsync();
                        await BrowserFixture.ScreenshotAsync(page, $"dashboard-{name}-{suffix}");
                    }

                    Assert.Equal(language == "fa" ? "rtl" : "ltr", await page.GetAttributeAsync("html", "dir"));
                }
                finally
                {
                    await page.Context.CloseAsync();
                }
            }
        }

        lock (browser.ConsoleErrors)
        {
            Assert.Empty(browser.ConsoleErrors);
        }
    }
}
