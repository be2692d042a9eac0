using ChatIntake.Tests.Admin;
using Microsoft.Playwright;

namespace ChatIntake.Tests.Open311;

/// <summary>The Open311 keys page in Chromium, in both languages: a key made, shown once, revoked; screenshots for people to look at.</summary>
[Trait("Database", "Any")] // what a browser makes of the pages, run once: their server side runs on both databases in the HTTP tests
public sealed class Open311KeysBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task An_administrator_makes_and_revokes_a_key_in_both_languages()
    {
        var fa = await browser.SignedInPageAsync(language: "fa");
        try
        {
            await fa.GotoAsync("/admin/settings/open311keys");
            await Assertions.Expect(fa.Locator("h1")).ToHaveTextAsync("کلیدهای Open311");
            await fa.FillAsync("#new-key-form input[name=name]", "سامانه ۱۳۷ استان");
            await fa.FillAsync("#new-key-form input[name=owner]", "واحد فناوری اطلاعات");
            await fa.ClickAsync("#new-key-form button[type=submit]");
            await Assertions.Expect(fa.Locator("#new-key [data-key]")).ToContainTextAsync("o311_");
            await BrowserFixture.ScreenshotAsync(fa, "open311-keys-created-fa");

            await fa.GotoAsync("/admin/settings/open311keys");
            await Assertions.Expect(fa.Locator("#new-key")).ToHaveCountAsync(0);
            await fa.Locator("tr[data-revoked=false]", new() { HasText = "سامانه ۱۳۷ استان" }).Locator("button").ClickAsync();
            await Assertions.Expect(fa.Locator("tr[data-revoked=true]", new() { HasText = "سامانه ۱۳۷ استان" })).ToContainTextAsync("باطل‌شده");
            await BrowserFixture.ScreenshotAsync(fa, "open311-keys-fa");
        }
        finally
        {
            await fa.Context.CloseAsync();
        }

        var en = await browser.SignedInPageAsync(language: "en");
        try
        {
            await en.GotoAsync("/admin/settings/open311keys");
            await en.FillAsync("#new-key-form input[name=name]", "FixMyStreet");
            await en.FillAsync("#new-key-form input[name=owner]", "mySociety");
            await en.ClickAsync("#new-key-form button[type=submit]");
            await Assertions.Expect(en.Locator("#new-key h2")).ToHaveTextAsync("Key for FixMyStreet");
            await Assertions.Expect(en.Locator("tr[data-revoked=false]", new() { HasText = "FixMyStreet" })).ToContainTextAsync("Never");
            await BrowserFixture.ScreenshotAsync(en, "open311-keys-en");
        }
        finally
        {
            await en.Context.CloseAsync();
        }

        lock (browser.ConsoleErrors)
        {
            Assert.Empty(browser.ConsoleErrors);
        }
    }
}
