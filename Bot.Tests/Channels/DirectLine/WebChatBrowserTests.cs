using System.Text.RegularExpressions;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Tests.Admin;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace ChatIntake.Tests.Channels.DirectLine;

/// <summary>The official Web Chat client on /chat in Debian's Chromium, talking to our Direct Line endpoints.</summary>
[Trait("Database", "Any")] // what a browser makes of the pages, run once: their server side runs on both databases in the HTTP tests
public sealed partial class WebChatBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAF0lEQVR4nGP4f4KBJESa6lENoxqGlAYA4ufHEHumnhIAAAAASUVORK5CYII=");

    [Fact]
    public async Task Whole_intake_in_persian_by_buttons_with_the_browsers_location_then_a_staff_reply_and_a_reload()
    {
        var page = await ChatAsync("fa", phone: true);

        await Expect(page, "سلام! اینجا سامانه ۱۳۷");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("dir", "rtl");
        await PressAsync(page, "ثبت گزارش جدید");
        await Expect(page, "گزارش شما درباره چیست؟");
        await PressAsync(page, "روشنایی معابر");
        await PressAsync(page, "ارسال موقعیت من"); // the browser's geolocation, sent as a location event
        await Expect(page, "موقعیت دریافت شد: منطقه ۱");
        await SayAsync(page, "چراغ روشنایی کوچه شماره ۱۲ یک هفته است خاموش است.");
        await Expect(page, "می‌خواهید عکس اضافه کنید؟");
        // Choosing the photo sends it: no send button to forget (Web Chat's thumbnail is made first, asynchronously).
        await page.Locator("input.webchat__upload-button--file-input").SetInputFilesAsync(new FilePayload { Name = "lamp.png", MimeType = "image/png", Buffer = Png });
        await Expect(page, "عکس دریافت شد");
        await PressAsync(page, "تمام");
        await Expect(page, "لطفاً گزارش خود را بررسی کنید");
        await BrowserFixture.ScreenshotAsync(page, "webchat-fa-phone-summary");
        await PressAsync(page, "ثبت گزارش");
        await Expect(page, "کد رهگیری");

        await using var db = browser.Host.Bot.CreateDbContext();
        var ticket = await db.Tickets.Include(t => t.Attachments).SingleAsync(t => t.Channel == "webchat" && t.Description.Contains("کوچه شماره ۱۲"));
        var code = TrackingCode.Format(ticket.TrackingCode).Replace('-', '\u2011'); // Persian shows a non-breaking hyphen
        await Expect(page, code);
        Assert.Single(ticket.Attachments);
        await SayAsync(page, "/my");
        await Assertions.Expect(page.Locator(".webchat__basic-transcript__activity").Last).ToContainTextAsync(code);

        // Staff answer from the admin panel; the open chat shows it without a reload.
        var staff = await browser.SignedInPageAsync();
        await staff.GotoAsync($"/admin/tickets/{ticket.Id}");
        await staff.FillAsync("#reply-text", "سلام، گروه روشنایی فردا صبح چراغ را تعمیر می‌کند.");
        await staff.ClickAsync("#reply button[type=submit]");
        await Expect(page, "گروه روشنایی فردا صبح");
        await BrowserFixture.ScreenshotAsync(page, "webchat-fa-phone-staff-reply");

        // A reload continues the same conversation: the history is there and the bot still answers.
        await page.ReloadAsync();
        await Expect(page, "گروه روشنایی فردا صبح");
        await SayAsync(page, "/status " + ticket.TrackingCode);
        await Assertions.Expect(page.Locator(".webchat__basic-transcript__activity").Last).ToContainTextAsync("ثبت‌شده", new() { Timeout = 15_000 });
        Assert.Equal(1, await db.WebChatConversations.CountAsync(c => db.Tickets.Any(t => t.Channel == "webchat" && t.Citizen!.ExternalUserId == c.UserId)));
        Assert.DoesNotContain(browser.ConsoleErrors, e => e.Contains("/chat", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Whole_intake_in_english_by_typing_with_a_typed_address()
    {
        var page = await ChatAsync("en", phone: false);

        await Expect(page, "What would you like to do?");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("dir", "ltr");
        await SayAsync(page, "/new");
        await Expect(page, "What is the problem about?");
        await SayAsync(page, "waste collection");
        await Expect(page, "Where is it?");
        await SayAsync(page, "Azadi Street, next to the bakery");
        await Expect(page, "Please describe the problem");
        await SayAsync(page, "The bins have not been emptied for three days.");
        await Expect(page, "Would you like to add photos?");
        await SayAsync(page, "skip");
        await Expect(page, "Please check your report");
        await SayAsync(page, "submit");
        await Expect(page, "Your report is registered");
        await BrowserFixture.ScreenshotAsync(page, "webchat-en-desktop");

        var text = await page.Locator(".webchat__basic-transcript").InnerTextAsync();
        Assert.Matches(TrackingCodePattern(), text);
    }

    [Fact]
    public async Task The_language_switch_turns_the_page_and_the_bot_to_english()
    {
        var page = await ChatAsync("fa", phone: false);
        await Expect(page, "سلام");

        await page.ClickAsync("#switch");

        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("dir", "ltr");
        await Expect(page, "Language set to English");
        await BrowserFixture.ScreenshotAsync(page, "webchat-language-switch");
    }

    private async Task<IPage> ChatAsync(string language, bool phone)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.Host.Address.ToString().TrimEnd('/'),
            Locale = language == "fa" ? "fa-IR" : "en-US",
            ViewportSize = phone ? new() { Width = 390, Height = 844 } : new() { Width = 1280, Height = 860 },
            IsMobile = phone,
            HasTouch = phone,
            Permissions = ["geolocation"],
            Geolocation = new Geolocation { Latitude = 35.7251f, Longitude = 51.3702f },
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        // The page speaks the city's language unless asked: an English browser asks with ?lang=en, as the switch does.
        await page.GotoAsync("/chat?lang=" + language);
        return page;
    }

    private static Task Expect(IPage page, string text) =>
        Assertions.Expect(page.Locator(".webchat__basic-transcript")).ToContainTextAsync(text, new() { Timeout = 15_000 });

    private static async Task PressAsync(IPage page, string title)
    {
        var button = page.Locator("button.webchat__suggested-action", new() { HasText = title }).First;
        await button.ClickAsync();
    }

    private static async Task SayAsync(IPage page, string text)
    {
        var input = page.Locator("input[data-id=webchat-sendbox-input]");
        await input.FillAsync(text);
        await input.PressAsync("Enter");
    }

    [GeneratedRegex(@"[2-9A-Z]{4}-[2-9A-Z]{4}")]
    private static partial Regex TrackingCodePattern();
}
