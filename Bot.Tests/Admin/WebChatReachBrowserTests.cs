using Microsoft.Playwright;

namespace ChatIntake.Tests.Admin;

/// <summary>The ticket page's warning for a web-chat citizen gone quiet, as a Persian-speaking staff member sees it in Chromium.</summary>
[Trait("Database", "Any")] // what a browser makes of the pages, run once: their server side runs on both databases in the HTTP tests
public sealed class WebChatReachBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_web_chat_citizen_quiet_for_days_is_shown_in_persian_with_a_warning_and_a_waiting_reply()
    {
        var host = browser.Host;
        using var http = host.Bot.CreateClient();
        var (id, chat) = await WebChatTicket.FileAsync(host, http, "fa");
        using (var admin = await host.SignInAsync("admin", AdminHost.AdminPassword))
        {
            var ticket = $"/admin/tickets/{id}";
            await admin.PostFormAsync($"{ticket}?handler=reply", new() { ["Text"] = "گروه تعمیر فردا می‌آید." }, ticket);
        }

        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
        {
            await host.Bot.WaitForOutboxAsync(chat.ConversationId, timeout.Token);
        }

        host.Bot.Clock.Advance(TimeSpan.FromDays(4));
        var page = await browser.SignedInPageAsync(language: "fa");
        try
        {
            await page.GotoAsync($"/admin/tickets/{id}");
            var warning = page.Locator("[data-reach=webchat-stale]");
            await Assertions.Expect(warning).ToBeVisibleAsync();
            await Assertions.Expect(warning).ToContainTextAsync("۴ روز پیش");
            await Assertions.Expect(warning).ToContainTextAsync("پاسخ هرگز خوانده نشود");
            await Assertions.Expect(page.Locator("[data-read=webchatWaiting]")).ToContainTextAsync("در انتظار باز شدن گفت‌وگو");
            await Assertions.Expect(page.Locator("#reply-text")).ToBeEditableAsync();
            await BrowserFixture.ScreenshotAsync(page, "ticket-webchat-stale-fa");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
