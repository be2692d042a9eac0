using ChatIntake.Tests.Infrastructure;
using System.Text.RegularExpressions;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace ChatIntake.Tests.Admin;

/// <summary>Staff work in Chromium on tickets citizens filed through the bot; what they do reaches the citizen's chat, or must not.</summary>
[Trait("Database", "Any")] // what a browser makes of the pages, run once: their server side runs on both databases in the HTTP tests
public sealed class AdminBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private readonly List<IPage> _pages = [];

    private AdminHost Host => browser.Host;

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Closes this test's pages: an open panel page refreshes itself every second and would load the machine for the rest of the class.</summary>
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
    public async Task Staff_signs_in_and_finds_a_ticket_created_through_the_bot()
    {
        var (_, code, _) = await Host.FileTicketAsync("br-find", description: "The lamp by the bakery on Azadi street flickers all night.");
        var page = await SignedInPageAsync();

        await page.FillAsync("input[name=q]", TrackingCode.Format(code));
        await page.ClickAsync(".filters button[type=submit]");
        var rows = page.Locator("table.queue tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await page.ClickAsync($"tr[data-code='{code}'] a.code");

        await Assertions.Expect(page.Locator(".ticket-head .code")).ToHaveTextAsync(TrackingCode.Format(code));
        await Assertions.Expect(page.Locator(".event .text").First).ToContainTextAsync("flickers all night");
        await Assertions.Expect(page.Locator("[data-reach=reachable]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Staff_reply_reaches_the_citizen_in_chat_and_shows_as_delivered()
    {
        var (id, code, _) = await Host.FileTicketAsync("br-reply");
        var page = await SignedInPageAsync();
        await page.GotoAsync($"/admin/tickets/{id}");

        await page.FillAsync("#reply-text", "A crew will replace the lamp tomorrow morning.");
        await page.ClickAsync("#reply button[type=submit]");

        var delivered = await WaitForChatAsync("br-reply", "replace the lamp tomorrow");
        Assert.Contains(TrackingCode.Format(code), delivered);
        await Assertions.Expect(page.Locator(".k-StaffReply [data-delivery=Sent]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_canned_reply_fills_the_reply_in_the_citizens_language_and_reaches_them()
    {
        using (var admin = await Host.SignInAsync("admin", AdminHost.AdminPassword))
        {
            await admin.PostFormAsync("/admin/settings/cannedreplies?handler=save", new()
            {
                ["title"] = "Thanks, checking", ["textFa"] = "سپاس از گزارش شما؛ همکاران ما در حال بررسی هستند.", ["textEn"] = "Thank you; our team is looking into it.",
            }, "/admin/settings/cannedreplies");
        }

        var (id, _, _) = await Host.FileTicketAsync("br-canned", language: "fa");
        var page = await SignedInPageAsync();
        await page.GotoAsync($"/admin/tickets/{id}");
        await page.SelectOptionAsync("select[data-canned-for]", new SelectOptionValue { Label = "Thanks, checking" });
        await Assertions.Expect(page.Locator("#reply-text")).ToHaveValueAsync("سپاس از گزارش شما؛ همکاران ما در حال بررسی هستند.");
        await page.ClickAsync("#reply button[type=submit]");
        await WaitForChatAsync("br-canned", "همکاران ما در حال بررسی هستند");
    }

    [Fact]
    public async Task Status_change_sends_the_citizen_the_status_message()
    {
        var (id, code, _) = await Host.FileTicketAsync("br-status", language: "fa", description: "لامپ تیر برق کوچه سوم دو شب است خاموش است.");
        var page = await SignedInPageAsync(language: "fa");
        await page.GotoAsync($"/admin/tickets/{id}");

        await page.SelectOptionAsync("#compose-status", "InProgress");
        await page.ClickAsync("#reply button[type=submit]");

        var delivered = await WaitForChatAsync("br-status", "در حال رسیدگی");
        Assert.Contains(TrackingCode.Format(code), delivered.Replace('\u2011', '-')); // Persian shows a non-breaking hyphen
        await Assertions.Expect(page.Locator(".ticket-head .status")).ToHaveTextAsync("در حال رسیدگی");
        await Assertions.Expect(page.Locator(".k-StatusChange [data-delivery=Sent]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Rejecting_without_a_reason_is_refused_with_a_message_and_rejecting_with_one_tells_the_citizen_why()
    {
        var (id, _, _) = await Host.FileTicketAsync("br-reject");
        var page = await SignedInPageAsync();
        await page.GotoAsync($"/admin/tickets/{id}");

        await page.SelectOptionAsync("#compose-status", "Rejected");
        await page.ClickAsync("#reply button[type=submit]");
        await Assertions.Expect(page.Locator("p.error")).ToContainTextAsync("reason is required");
        await using (var db = Host.Bot.CreateDbContext())
        {
            Assert.Equal(TicketStatus.New, (await db.Tickets.SingleAsync(t => t.Id == id)).Status);
        }

        await Assertions.Expect(page.Locator("#reply-text")).ToHaveValueAsync(string.Empty);
        await Assertions.Expect(page.Locator("#compose-status")).ToHaveValueAsync("Rejected");
        await page.FillAsync("#reply-text", "This lamp belongs to the private car park; please call its owner.");
        await page.ClickAsync("#reply button[type=submit]");
        var delivered = await WaitForChatAsync("br-reject", "Not accepted");
        Assert.Contains("private car park", delivered);
    }

    [Fact]
    public async Task Internal_note_never_reaches_the_citizen()
    {
        var (id, _, _) = await Host.FileTicketAsync("br-note");
        var page = await SignedInPageAsync();
        await page.GotoAsync($"/admin/tickets/{id}");

        await page.CheckAsync("#reply input[name=Mode][value=note]");
        await page.FillAsync("#reply-text", "Internal: the pole is rusty, send the big truck.");
        await page.ClickAsync("#reply button[type=submit]");
        await Assertions.Expect(page.Locator(".event.note .text")).ToHaveTextAsync("Internal: the pole is rusty, send the big truck.");

        // A reply after the note: the chat is delivered in order, so once the reply is there the note would have been too.
        await page.CheckAsync("#reply input[name=Mode][value=reply]");
        await page.FillAsync("#reply-text", "Thank you, we are on it.");
        await page.ClickAsync("#reply button[type=submit]");
        await WaitForChatAsync("br-note", "we are on it");
        Assert.DoesNotContain(Host.Bot.Channel.DeliveredTo("br-note"), a => a.Text?.Contains("rusty", StringComparison.Ordinal) == true);
        await using var db = Host.Bot.CreateDbContext();
        Assert.False(await db.Outbox.AnyAsync(m => m.TicketId == id && m.Payload.Contains("rusty")));
    }

    [Fact]
    public async Task Duplicate_link_notifies_the_duplicates_citizen_who_then_follows_the_master()
    {
        var (masterId, masterCode, _) = await Host.FileTicketAsync("br-master");
        var (duplicateId, duplicateCode, _) = await Host.FileTicketAsync("br-dup");
        var page = await SignedInPageAsync();
        await page.GotoAsync($"/admin/tickets/{duplicateId}");

        await page.FillAsync("#duplicate input[name=Master]", masterCode.ToLowerInvariant());
        await page.ClickAsync("#duplicate button[type=submit]");
        var told = await WaitForChatAsync("br-dup", "merged");
        Assert.Contains(TrackingCode.Format(duplicateCode), told);
        Assert.Contains(TrackingCode.Format(masterCode), told);
        await Assertions.Expect(page.Locator(".ticket-head .status")).ToHaveTextAsync("Merged with another report");

        // From now on the master's news reaches the duplicate's citizen too.
        await page.GotoAsync($"/admin/tickets/{masterId}");
        await page.SelectOptionAsync("#compose-status", "Resolved");
        await page.ClickAsync("#reply button[type=submit]");
        await WaitForChatAsync("br-master", "Resolved");
        var followed = await WaitForChatAsync("br-dup", "Resolved");
        Assert.Contains("The report you follow", followed); // its status, not the other citizen's code or words
        Assert.DoesNotContain(TrackingCode.Format(masterCode), followed);
        await Assertions.Expect(page.Locator(".follower-deliveries [data-delivery=Sent]")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Phone_caller_form_refuses_bad_input_keeping_it_and_then_creates_the_ticket()
    {
        var page = await SignedInPageAsync();
        await page.GotoAsync("/admin/tickets/new");

        await page.FillAsync("input[name=Name]", "Maryam Ahmadi");
        await page.FillAsync("input[name=Phone]", "12");
        await page.FillAsync("input[name=Latitude]", "35.72");
        await page.FillAsync("input[name=Longitude]", "51.35");
        await page.FillAsync("textarea[name=Description]", "short");
        await page.ClickAsync("form.intake button[type=submit]");
        await Assertions.Expect(page.Locator(".field-error[data-for=Phone]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".field-error[data-for=Category]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".field-error[data-for=Description]")).ToContainTextAsync("at least 10");
        await Assertions.Expect(page.Locator("input[name=Name]")).ToHaveValueAsync("Maryam Ahmadi");

        await page.FillAsync("input[name=Phone]", "0912 345 6789");
        await page.SelectOptionAsync("select[name=Category]", "waste");
        await page.SelectOptionAsync("select[name=Language]", "fa");
        await page.FillAsync("textarea[name=Description]", "Bins on the corner have not been emptied for three days.");
        await page.ClickAsync("form.intake button[type=submit]");

        await Assertions.Expect(page.Locator(".flash")).ToContainTextAsync("tracking code");
        var shown = Regex.Match(await page.Locator(".flash").InnerTextAsync(), "[A-Z0-9]{4}-[A-Z0-9]{4}").Value;
        Assert.True(TrackingCode.TryNormalize(shown, out var code));
        await using var db = Host.Bot.CreateDbContext();
        var ticket = await db.Tickets.Include(t => t.Citizen).Include(t => t.Category).SingleAsync(t => t.TrackingCode == code);
        Assert.Equal("phone", ticket.Channel);
        Assert.Equal("09123456789", ticket.Citizen!.Phone);
        Assert.Equal("Maryam Ahmadi", ticket.Citizen.Name);
        Assert.Equal("fa", ticket.Citizen.Language);
        Assert.Equal("waste", ticket.Category!.Code);
        Assert.NotNull(ticket.DistrictId);
        Assert.NotNull(ticket.ResolutionDueAt);
        await Assertions.Expect(page.Locator("[data-reach=nochat]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task New_tickets_and_citizen_messages_appear_without_a_reload()
    {
        var page = await SignedInPageAsync();
        await page.GotoAsync("/admin?sort=newest");
        await page.FillAsync("input[name=q]", "typed but not sent");

        var (id, code, citizen) = await Host.FileTicketAsync("br-live");
        await Assertions.Expect(page.Locator($"tr[data-code='{code}']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("input[name=q]")).ToHaveValueAsync("typed but not sent");

        await page.GotoAsync($"/admin/tickets/{id}");
        await page.FillAsync("#reply-text", "half-written reply");
        await citizen.SaysAsync("The pole is also leaning towards the road now.");
        await citizen.PressesAsync(TrackingCode.Format(code));
        await Assertions.Expect(page.Locator(".k-CitizenMessage .text")).ToHaveTextAsync("The pole is also leaning towards the road now.");
        await Assertions.Expect(page.Locator("#reply-text")).ToHaveValueAsync("half-written reply");
    }

    [Fact]
    public async Task A_description_with_html_and_script_is_shown_as_text_and_never_runs()
    {
        const string Attack = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\"> lamp broken";
        var (id, code, _) = await Host.FileTicketAsync("br-xss", description: Attack);
        var page = await SignedInPageAsync();

        foreach (var url in new[] { $"/admin/tickets/{id}", $"/admin?q={code}" })
        {
            await page.GotoAsync(url);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            Assert.NotEqual("pwned", await page.TitleAsync());
            Assert.Equal(0, await page.Locator("img[src=x]").CountAsync());
        }

        await page.GotoAsync($"/admin/tickets/{id}");
        await Assertions.Expect(page.Locator(".event .text").First).ToContainTextAsync("<script>document.title='pwned'</script>");
    }

    [Fact]
    public async Task Queue_and_ticket_pages_in_persian_and_english_on_desktop_and_phone()
    {
        var (id, code, _) = await Host.FileTicketAsync("br-shot-fa", language: "fa", description: "چراغ‌های خیابان شهید بهشتی از نبش کوچه دوم تا میدان خاموش است و شب‌ها عبور خطرناک است.");
        await Host.FileTicketAsync("br-shot-fa2", language: "fa", description: "لامپ تیر برق روبروی مدرسه سوخته است.");
        await Host.FileTicketAsync("br-shot-en", description: "Street light at the bus stop on Valiasr avenue is off.");
        using (var admin = await Host.SignInAsync("admin", AdminHost.AdminPassword))
        {
            await admin.PostFormAsync($"/admin/tickets/{id}?handler=reply", new() { ["Text"] = "سلام، گزارش شما به واحد روشنایی ارجاع شد." }, $"/admin/tickets/{id}");
            await admin.PostFormAsync($"/admin/tickets/{id}?handler=note", new() { ["Text"] = "پیمانکار منطقه فردا صبح بازدید می‌کند." }, $"/admin/tickets/{id}");
            await admin.PostFormAsync($"/admin/tickets/{id}?handler=priority", new() { ["priority"] = "High" }, $"/admin/tickets/{id}");
        }

        await WaitForChatAsync("br-shot-fa", "ارجاع شد");
        foreach (var language in new[] { "fa", "en" })
        {
            foreach (var phone in new[] { false, true })
            {
                var device = phone ? "phone" : "desktop";
                var page = await SignedInPageAsync(language: language, phone: phone);
                Assert.Equal(language == "fa" ? "rtl" : "ltr", await page.Locator("html").GetAttributeAsync("dir"));
                await Assertions.Expect(page.Locator($"tr[data-code='{code}']")).ToBeVisibleAsync();
                if (language == "fa")
                {
                    // Jalali dates in Persian digits (the Jalali year is in the 1400s), and no Gregorian year.
                    await Assertions.Expect(page.Locator("table.queue")).ToContainTextAsync("۱۴۰");
                    Assert.DoesNotContain(Host.Bot.Clock.GetUtcNow().Year.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Locator("table.queue").InnerTextAsync());
                }

                Assert.True(await FitsWidthAsync(page), $"the {language} queue scrolls sideways on the {device}");
                await BrowserFixture.ScreenshotAsync(page, $"queue-{language}-{device}");

                await page.GotoAsync($"/admin/tickets/{id}");
                await Assertions.Expect(page.Locator(".event.note")).ToBeVisibleAsync();
                Assert.True(await FitsWidthAsync(page), $"the {language} ticket page scrolls sideways on the {device}");
                await BrowserFixture.ScreenshotAsync(page, $"ticket-{language}-{device}");
                foreach (var (other, ready) in new[] { ("/admin/tickets/new", "form.intake"), ("/admin/settings/staff", "#staff-0"), ("/admin/audit", "table.audit") })
                {
                    await page.GotoAsync(other);
                    await Assertions.Expect(page.Locator(ready)).ToBeVisibleAsync();
                    Assert.True(await FitsWidthAsync(page), $"{other} in {language} scrolls sideways on the {device}");
                    await BrowserFixture.ScreenshotAsync(page, $"{other.Split('/')[^1]}-{language}-{device}");
                }

                await page.Context.CloseAsync();

            }
        }

        // Refused forms answer 422 on purpose (other tests); what must never happen is a blocked or failing script or style.
        Assert.DoesNotContain(browser.ConsoleErrors, e => e.Contains("Content Security Policy", StringComparison.Ordinal) || e.Contains("Uncaught", StringComparison.Ordinal));
    }

    private static async Task<bool> FitsWidthAsync(IPage page) =>
        await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1");

    /// <summary>Waits (at most 15 s) until the chat has received a message containing <paramref name="part"/>; returns it.</summary>
    private async Task<string> WaitForChatAsync(string chatId, string part)
    {
        var all = await Eventually.UntilAsync(() => Host.Bot.Channel.DeliveredTo(chatId), d => d.Any(a => a.Text?.Contains(part, StringComparison.Ordinal) == true),
            $"chat {chatId} to receive \"{part}\"", describe: d => string.Join("\n---\n", d.Select(a => a.Text)));
        return all.Last(a => a.Text?.Contains(part, StringComparison.Ordinal) == true).Text!;
    }
}
