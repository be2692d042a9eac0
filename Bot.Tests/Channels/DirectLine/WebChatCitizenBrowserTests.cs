using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Jobs;
using ChatIntake.Tests.Admin;
using ChatIntake.Tests.Infrastructure;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace ChatIntake.Tests.Channels.DirectLine;

/// <summary>
/// The web chat as a citizen meets it, in Chromium through the official Web Chat client: every kind of button, a
/// lasting identity across tabs and "Start over", Persian throughout, channel-true prompts, and a page that survives
/// a server restart.
/// </summary>
[Trait("Database", "Any")] // what a browser makes of the pages, run once: their server side runs on both databases in the HTTP tests
public sealed partial class WebChatCitizenBrowserTests(WebChatBrowser browser) : IClassFixture<WebChatBrowser>
{
    private AdminHost Host => browser.Host;

    [Fact]
    public async Task Every_kind_of_button_reaches_the_dialog_as_its_value_menu_summary_duplicate_detail_survey_and_rating()
    {
        // Another citizen's open report of the same kind at the same place, so the bot offers to follow it.
        var (otherId, _, _) = await Host.FileTicketAsync("web-buttons-neighbour", "fa");
        await using var db = Host.Bot.CreateDbContext();
        var neighbour = await db.Tickets.AsNoTracking().SingleAsync(t => t.Id == otherId);
        var context = await browser.ProfileAsync(Host.Address, phone: true, place: (neighbour.Latitude!.Value, neighbour.Longitude!.Value));
        var page = await WebChatBrowser.OpenAsync(context);

        await Expect(page, "سلام! اینجا سامانه ۱۳۷");
        await PressAsync(page, "ثبت گزارش جدید"); // the menu
        await PressAsync(page, "روشنایی معابر");
        await PressAsync(page, "ارسال موقعیت من");
        await Expect(page, "موقعیت دریافت شد");
        await SayAsync(page, "چراغ روشنایی کوچه بن‌بست یاس سه شب است خاموش است.");
        await PressAsync(page, "رد شدن");
        await Expect(page, "لطفاً گزارش خود را بررسی کنید");
        await PressAsync(page, "✅ ثبت گزارش"); // the summary's attached buttons
        await Expect(page, "همان را دنبال می‌کنم");
        await PressAsync(page, "مشکل من فرق دارد"); // the duplicate offer
        await Expect(page, "کد رهگیری");
        var ticket = await db.Tickets.AsNoTracking().SingleAsync(t => t.Description.Contains("بن‌بست یاس"));
        var code = TrackingCode.Format(ticket.TrackingCode);

        await SayAsync(page, "یک نکته: تیر چراغ کنار درِ سبز رنگ است و سیم آن آویزان است.");
        await Expect(page, "افزوده شود");
        await PressAsync(page, code.Replace('-', '\u2011')); // the detail choice (Persian shows a non-breaking hyphen)
        await Expect(page, "افزوده شد");

        await ResolveAndAskAsync(ticket.Id);
        await Expect(page, "آیا مشکل برطرف شده است؟");
        await BrowserFixture.ScreenshotAsync(page, "webchat-fa-phone-survey");
        await PressAsync(page, "✅ برطرف شد"); // the survey: its value carries the answer and the ticket
        await Expect(page, "خوشحالیم");
        await PressAsync(page, "⭐⭐⭐⭐⭐"); // the rating
        await Expect(page, "اگر نکته‌ای دارید");
        await PressAsync(page, "رد شدن");
        await Expect(page, "از بازخورد شما سپاسگزاریم");

        var after = await db.Tickets.AsNoTracking().Include(t => t.Events).SingleAsync(t => t.Id == ticket.Id);
        Assert.Equal(TicketStatus.Closed, after.Status);
        Assert.Equal(5, after.Satisfaction);
        Assert.Contains(after.Events, e => e.Kind == TicketEventKind.CitizenMessage && e.Text!.Contains("درِ سبز", StringComparison.Ordinal));
        // The button's value travels, never shown as the citizen's words.
        Assert.DoesNotContain("survey:", await page.Locator(".webchat__basic-transcript").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_web_chat_offers_the_browsers_location_or_an_address_explains_a_refusal_and_refuses_staff_linking()
    {
        var context = await browser.ProfileAsync(Host.Address, phone: false); // location not permitted
        var page = await WebChatBrowser.OpenAsync(context);
        await Expect(page, "سلام! اینجا سامانه ۱۳۷");

        await PressAsync(page, "ثبت گزارش جدید");
        await PressAsync(page, "روشنایی معابر");
        await Expect(page, "مرورگر از شما اجازه می‌خواهد");
        Assert.DoesNotContain("نقشه", await LastBotTextAsync(page), StringComparison.Ordinal);

        await PressAsync(page, "ارسال موقعیت من");
        await Expect(page, "مرورگر موقعیت شما را نفرستاد، چون اجازه داده نشد");
        await BrowserFixture.ScreenshotAsync(page, "webchat-fa-location-refused");

        await SayAsync(page, "/cancel");
        await Expect(page, "لغو");
        await SayAsync(page, "/link ABCD2345");
        await Expect(page, "فقط از تلگرام یا بله");
        await using var db = Host.Bot.CreateDbContext();
        Assert.False(await db.Staff.AnyAsync(s => s.LinkedCitizenId != null && db.Citizens.Any(c => c.Id == s.LinkedCitizenId && c.Channel == "webchat")));
    }

    [Fact]
    public async Task A_new_tab_and_start_over_keep_my_reports_and_forget_me_starts_a_new_citizen()
    {
        var context = await browser.ProfileAsync(Host.Address, place: AdminHost.NewPlace());
        var page = await WebChatBrowser.OpenAsync(context);
        var code = await FileReportAsync(page, "آسفالت جلوی مدرسه شهید باهنر ترک خورده و چاله شده است.", "روشنایی معابر");

        var tab = await WebChatBrowser.OpenAsync(context);
        await Expect(tab, code); // the same conversation, with its history
        await SayAsync(tab, "/my");
        await ExpectLast(tab, code);

        await tab.ClickAsync("#restart");
        await Assertions.Expect(tab.Locator(".webchat__basic-transcript")).Not.ToContainTextAsync(code);
        await Expect(tab, "سلام! اینجا سامانه ۱۳۷");
        await SayAsync(tab, "/my");
        await ExpectLast(tab, code);

        tab.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
        await tab.ClickAsync("#forget");
        await Assertions.Expect(tab.Locator(".webchat__basic-transcript")).Not.ToContainTextAsync(code);
        await Expect(tab, "سلام! اینجا سامانه ۱۳۷");
        await SayAsync(tab, "/my");
        await Expect(tab, "هنوز گزارشی ثبت نکرده‌اید");
        Assert.DoesNotContain((await context.CookiesAsync()).Select(c => c.Value), v => v.Contains(CitizenOf(code), StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_page_speaks_the_citys_language_not_the_browsers_and_web_chat_itself_is_persian_with_jalali_times()
    {
        // An English browser (as headless and many Iranian ones report) still gets the city's Persian.
        var context = await browser.ProfileAsync(Host.Address, locale: "en-US");
        var page = await WebChatBrowser.OpenAsync(context);
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "fa");
        await Expect(page, "سلام! اینجا سامانه ۱۳۷");
        await SayAsync(page, "/help");
        await Assertions.Expect(page.Locator(".chat-time").Last).ToHaveTextAsync(JalaliTime());
        await BrowserFixture.ScreenshotAsync(page, "webchat-fa-desktop");
        var html = await page.ContentAsync();
        foreach (var english in new[] { "Bot 137 said", "Bot ۱۳۷ said", "You said", "Sent at", "minutes ago", "Just now", "Type your message" })
        {
            Assert.DoesNotContain(english, html, StringComparison.Ordinal);
        }

        Assert.Contains("پیام خود را بنویسید", html, StringComparison.Ordinal);
        Assert.Contains("ارسال‌شده در", html, StringComparison.Ordinal);

        // ?lang wins and is remembered for the next visit; the switch goes back.
        await page.GotoAsync("/chat?lang=en");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await page.GotoAsync("/chat");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("dir", "ltr");
        await Expect(page, "Language set to English"); // the resumed conversation's bot switches with the page
        await BrowserFixture.ScreenshotAsync(page, "webchat-en-desktop-remembered");

        var phone = await browser.ProfileAsync(Host.Address, locale: "en-US", phone: true);
        var fa = await WebChatBrowser.OpenAsync(phone, "/chat?lang=fa");
        await Expect(fa, "سلام! اینجا سامانه ۱۳۷");
        await BrowserFixture.ScreenshotAsync(fa, "webchat-fa-phone");
        var en = await WebChatBrowser.OpenAsync(phone, "/chat?lang=en"); // a second tab: the same conversation, now in English
        await Expect(en, "Language set to English");
        await BrowserFixture.ScreenshotAsync(en, "webchat-en-phone");
    }

    [Fact]
    public async Task On_a_slow_connection_the_page_waits_for_its_polls_and_never_starts_the_chat_over()
    {
        var context = await browser.ProfileAsync(Host.Address);
        // Web Chat's own polls (XHR) each take 8 s, as on a slow phone network; the page's watchdog reads by fetch, undelayed.
        await context.RouteAsync("**/v3/directline/conversations/*/activities*", async route =>
        {
            if (route.Request is { Method: "GET", ResourceType: "xhr" })
            {
                await Task.Delay(TimeSpan.FromSeconds(8));
            }

            await route.ContinueAsync();
        });
        var page = await WebChatBrowser.OpenAsync(context);
        await Expect(page, "سلام! اینجا سامانه ۱۳۷", 30_000);
        await page.EvaluateAsync("() => { window.shownChat = document.getElementById('webchat'); }");

        await SayAsync(page, "/help");
        await Expect(page, "یک کد رهگیری دریافت می‌کنید", 30_000);
        await SayAsync(page, "/my");
        await Expect(page, "هنوز گزارشی ثبت نکرده‌اید", 30_000);
        await SayAsync(page, "/new");
        await Expect(page, "گزارش شما درباره چیست؟", 30_000);

        // A live poller that is merely slow is waited for: the chat is never torn down and rebuilt from its history.
        Assert.True(await page.EvaluateAsync<bool>("() => document.getElementById('webchat') === window.shownChat"), "the chat was rebuilt while its polls were slow");
        Assert.False(await page.EvaluateAsync<bool>("() => document.body.classList.contains('reconnecting')"));
    }

    [Fact]
    public async Task After_a_server_restart_the_open_page_reconnects_by_itself_and_shows_a_staff_reply_made_after_it()
    {
        using var database = new TestDatabaseFile();
        var settings = new Dictionary<string, string?>(WebChatBrowser.Settings) { ["DirectLine:TokenSigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };
        var port = FreePort();
        var first = new AdminHost(browser: true, settings, databaseFile: database.Path, port: port);
        await first.InitializeAsync();
        AdminHost? second = null;
        try
        {
            var context = await browser.ProfileAsync(first.Address, place: AdminHost.NewPlace());
            var page = await WebChatBrowser.OpenAsync(context);
            var code = await FileReportAsync(page, "جوی آب خیابان نسترن گرفته و آب در پیاده‌رو جمع شده است.", "روشنایی معابر");

            await first.DisposeAsync();
            await Assertions.Expect(page.Locator("#connection")).ToBeVisibleAsync(new() { Timeout = 20_000 });
            await BrowserFixture.ScreenshotAsync(page, "webchat-fa-reconnecting");

            second = new AdminHost(browser: true, settings, databaseFile: database.Path, port: port);
            await second.InitializeAsync();
            await Assertions.Expect(page.Locator("#connection")).ToBeHiddenAsync(new() { Timeout = 30_000 });
            await Expect(page, code); // the history is back

            await using (var db = second.Bot.CreateDbContext())
            {
                var normal = Normalized(code);
                var ticket = await db.Tickets.SingleAsync(t => t.TrackingCode == normal);
                var workflow = second.Bot.Service<TicketWorkflow>();
                var reply = await workflow.ReplyAsync(db, ticket, TicketActor.System, "همکاران ما امروز جوی را لایروبی می‌کنند.", second.Bot.Clock.GetUtcNow(), CancellationToken.None);
                await workflow.CommitAsync(db, CancellationToken.None, reply);
            }

            await Expect(page, "امروز جوی را لایروبی می‌کنند", timeout: 30_000);
            await SayAsync(page, "/my");
            await ExpectLast(page, code);
        }
        finally
        {
            if (second is not null)
            {
                await second.DisposeAsync();
            }
        }
    }

    /// <summary>Files a report through the page by its buttons and the browser's location; returns its tracking code as shown.</summary>
    private async Task<string> FileReportAsync(IPage page, string description, string category)
    {
        await Expect(page, "سلام! اینجا سامانه ۱۳۷");
        await PressAsync(page, "ثبت گزارش جدید");
        await PressAsync(page, category);
        await PressAsync(page, "ارسال موقعیت من");
        await Expect(page, "موقعیت دریافت شد");
        await SayAsync(page, description);
        await PressAsync(page, "رد شدن");
        await PressAsync(page, "✅ ثبت گزارش");
        await Expect(page, "کد رهگیری");
        var shown = TrackingCodePattern().Match(await LastBotTextAsync(page));
        Assert.True(shown.Success, "a tracking code in the confirmation");
        return shown.Value;
    }

    private async Task ResolveAndAskAsync(long ticketId)
    {
        using var staff = await Host.SignInAsync("admin", AdminHost.AdminPassword);
        await staff.PostFormAsync($"/admin/tickets/{ticketId}?handler=status", new() { ["status"] = "Resolved" }, $"/admin/tickets/{ticketId}");
        await Host.Bot.Service<FollowUpSweep>().RunAsync(CancellationToken.None);
        await Eventually.UntilAsync(async () =>
        {
            await using var check = Host.Bot.CreateDbContext();
            return await check.Tickets.AnyAsync(t => t.Id == ticketId && t.SurveySentAt != null);
        }, "the survey to be sent");
    }

    private string CitizenOf(string code)
    {
        using var db = Host.Bot.CreateDbContext();
        var normal = Normalized(code);
        return db.Tickets.Where(t => t.TrackingCode == normal).Select(t => t.Citizen!.ExternalUserId).Single();
    }

    private static string Normalized(string shown) => TrackingCode.TryNormalize(shown, out var code) ? code : shown;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task Expect(IPage page, string text, float timeout = 15_000) =>
        Assertions.Expect(page.Locator(".webchat__basic-transcript")).ToContainTextAsync(text, new() { Timeout = timeout });

    private static Task ExpectLast(IPage page, string text) =>
        Assertions.Expect(page.Locator(".webchat__basic-transcript__activity").Last).ToContainTextAsync(text, new() { Timeout = 15_000 });

    private static Task<string> LastBotTextAsync(IPage page) =>
        page.Locator(".webchat__basic-transcript__activity").Last.InnerTextAsync();

    private static async Task PressAsync(IPage page, string title) =>
        await page.Locator("button.webchat__suggested-action", new() { HasText = title }).First.ClickAsync();

    private static async Task SayAsync(IPage page, string text)
    {
        var input = page.Locator("input[data-id=webchat-sendbox-input]");
        await input.FillAsync(text);
        await input.PressAsync("Enter");
    }

    /// <summary>A Jalali date and time in Persian digits, e.g. "۱۱ آذر، ۱۴:۰۵".</summary>
    [GeneratedRegex(@"^[۰-۹]{1,2} (فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند).*[۰-۹]{2}:[۰-۹]{2}$")]
    private static partial Regex JalaliTime();

    [GeneratedRegex(@"[2-9A-Z]{4}[-\u2011][2-9A-Z]{4}")]
    private static partial Regex TrackingCodePattern();
}
