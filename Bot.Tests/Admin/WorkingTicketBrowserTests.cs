using ChatIntake.Dialogs.Intake;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace ChatIntake.Tests.Admin;

/// <summary>Staff work the ticket page and the queue in Chromium: one submit for take-reply-status, bulk assignment, saved views.</summary>
[Trait("Database", "Any")] // what a browser makes of the pages, run once: their server side runs on both databases in the HTTP tests
public sealed class WorkingTicketBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private readonly List<IPage> _pages = [];

    private AdminHost Host => browser.Host;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var page in _pages)
        {
            await page.Context.CloseAsync();
        }
    }

    private async Task<IPage> SignedInPageAsync(string language = "en", bool phone = false)
    {
        var page = await browser.SignedInPageAsync(language: language, phone: phone);
        _pages.Add(page);
        return page;
    }

    [Fact]
    public async Task Take_then_reply_and_set_status_in_one_submit_sends_the_citizen_one_message_without_a_reload()
    {
        var (id, code, _) = await Host.FileTicketAsync("wb-one");
        var page = await SignedInPageAsync();
        await page.GotoAsync($"/admin/tickets/{id}");
        await page.EvaluateAsync("() => { window.stillHere = true; }");
        long before;
        long citizenId;
        await using (var db = Host.Bot.CreateDbContext())
        {
            before = await db.Outbox.MaxAsync(m => (long?)m.Id) ?? 0;
            citizenId = await db.Tickets.Where(t => t.Id == id).Select(t => t.CitizenId).SingleAsync();
        }

        await page.ClickAsync("#take button[type=submit]");
        await Assertions.Expect(page.Locator("[data-mine]")).ToBeVisibleAsync();
        await page.FillAsync("#reply-text", "A crew replaces the lamp this afternoon.");
        await page.SelectOptionAsync("#compose-status", "InProgress");
        await page.Locator("#reply-text").PressAsync("Control+Enter");

        await Assertions.Expect(page.Locator(".ticket-head .status")).ToHaveTextAsync("In progress");
        await Assertions.Expect(page.Locator(".flash")).ToContainTextAsync("one message");
        Assert.True(await page.EvaluateAsync<bool>("() => window.stillHere === true"), "the page reloaded");
        await Assertions.Expect(page.Locator("#reply-text")).ToHaveValueAsync(string.Empty);
        var told = await Eventually.UntilAsync(() => Host.Bot.Channel.DeliveredTo("wb-one"), d => d.Any(a => a.Text?.Contains("this afternoon", StringComparison.Ordinal) == true), "the reply to reach the chat");
        var message = told.Single(a => a.Text?.Contains("this afternoon", StringComparison.Ordinal) == true).Text!;
        Assert.Contains("In progress", message);
        Assert.Contains(TrackingCode.Format(code), message);
        await using (var db = Host.Bot.CreateDbContext())
        {
            Assert.Equal(1, await db.Outbox.CountAsync(m => m.Id > before && m.CitizenId == citizenId));
        }

        await Assertions.Expect(page.Locator(".k-StaffReply [data-delivery=Sent]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Rejected_stays_chosen_after_the_reason_required_refusal()
    {
        var (id, _, _) = await Host.FileTicketAsync("wb-reject");
        var page = await SignedInPageAsync();
        await page.GotoAsync($"/admin/tickets/{id}");

        await page.SelectOptionAsync("#compose-status", "Rejected");
        await page.ClickAsync("#reply button[type=submit]");

        await Assertions.Expect(page.Locator("p.error")).ToContainTextAsync("reason is required");
        await Assertions.Expect(page.Locator("#compose-status")).ToHaveValueAsync("Rejected");
    }

    [Fact]
    public async Task A_bulk_assignment_from_the_queue_gives_every_selected_ticket()
    {
        var word = "bulk" + Guid.NewGuid().ToString("N")[..6];
        var (first, firstCode, _) = await Host.FileTicketAsync("wb-bulk1", description: $"Lamp {word} one is dark all night.");
        var (second, secondCode, _) = await Host.FileTicketAsync("wb-bulk2", description: $"Lamp {word} two is dark all night.");
        var page = await SignedInPageAsync();
        await page.GotoAsync($"/admin?q={word}");

        await page.CheckAsync($"tr[data-code='{firstCode}'] input[name=ids]");
        await page.CheckAsync($"tr[data-code='{secondCode}'] input[name=ids]");
        await page.SelectOptionAsync("#bulk select[name=assignee]", "me");
        await page.ClickAsync("#bulk button[value=assign]");

        await Assertions.Expect(page.Locator(".flash")).ToContainTextAsync("Done on 2");
        Assert.Contains($"q={word}", page.Url);
        await using var db = Host.Bot.CreateDbContext();
        var admin = await db.Staff.Where(s => s.UserName == "admin").Select(s => s.Id).SingleAsync();
        Assert.Equal([admin, admin], await db.Tickets.Where(t => t.Id == first || t.Id == second).Select(t => t.AssigneeId).ToListAsync());
    }

    [Fact]
    public async Task A_saved_view_brings_its_filters_back()
    {
        var page = await SignedInPageAsync();
        await page.GotoAsync("/admin");
        await page.SelectOptionAsync(".filters select[name=status]", "InProgress");
        await page.CheckAsync(".filters input[name=overdue]");
        await page.ClickAsync(".filters button[type=submit]");
        await page.ClickAsync(".save-view summary");
        await page.FillAsync("#save-view input[name=name]", "Late work in progress");
        await page.ClickAsync("#save-view button[type=submit]");
        await Assertions.Expect(page.Locator(".flash")).ToContainTextAsync("Late work in progress");

        await page.GotoAsync("/admin");
        await page.ClickAsync(".saved-view a:text('Late work in progress')");

        await Assertions.Expect(page.Locator(".filters select[name=status]")).ToHaveValueAsync("InProgress");
        await Assertions.Expect(page.Locator(".filters input[name=overdue]")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator(".saved-view.current")).ToContainTextAsync("Late work in progress");
    }

    [Fact]
    public async Task Ticket_page_and_triage_view_in_persian_and_english_on_desktop_and_phone()
    {
        var (id, code, citizen) = await Host.FileTicketAsync("wb-shot", language: "fa", description: "چراغ خیابان جلوی مدرسه سه شب است خاموش است و بچه‌ها در تاریکی رد می‌شوند.");
        await Host.FileTicketAsync("wb-shot2", language: "fa", description: "سطل‌های زباله سر کوچه دو روز است خالی نشده‌اند.", waste: true);
        using (var admin = await Host.SignInAsync("admin", AdminHost.AdminPassword))
        {
            await admin.PostFormAsync($"/admin/tickets/{id}?handler=compose", new() { ["Mode"] = "reply", ["Text"] = "سلام، گروه روشنایی امروز بازدید می‌کند.", ["SetStatus"] = "InProgress" }, $"/admin/tickets/{id}");
            await admin.PostFormAsync($"/admin/tickets/{id}?handler=compose", new() { ["Mode"] = "note", ["Text"] = "پیمانکار منطقه خبر شد." }, $"/admin/tickets/{id}");
        }

        await citizen.SaysAsync("ممنون، منتظرم.");
        await citizen.PressesAsync(TrackingCode.Format(code));
        foreach (var language in new[] { "fa", "en" })
        {
            foreach (var phone in new[] { false, true })
            {
                var device = phone ? "phone" : "desktop";
                var page = await browser.SignedInPageAsync(language: language, phone: phone);
                await page.GotoAsync($"/admin/tickets/{id}");
                await Assertions.Expect(page.Locator("#reply.composer")).ToBeVisibleAsync();
                Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), $"the {language} ticket page scrolls sideways on the {device}");
                await BrowserFixture.ScreenshotAsync(page, $"work-ticket-{language}-{device}");
                await page.GotoAsync("/admin?triage=all");
                await Assertions.Expect(page.Locator("[data-triage]")).ToBeVisibleAsync();
                Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), $"the {language} triage view scrolls sideways on the {device}");
                await BrowserFixture.ScreenshotAsync(page, $"triage-{language}-{device}");
                await page.Context.CloseAsync();
            }
        }

        Assert.DoesNotContain(browser.ConsoleErrors, e => e.Contains("Content Security Policy", StringComparison.Ordinal) || e.Contains("Uncaught", StringComparison.Ordinal));
    }
}
