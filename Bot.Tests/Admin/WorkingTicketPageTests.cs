using System.Net;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Staff;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Admin;

/// <summary>The ticket page as a place to work: one composer, "send and set status" as one message, no empty writes, errors that keep choices.</summary>
public sealed class WorkingTicketPageTests(AdminHost host) : IClassFixture<AdminHost>
{
    [Fact]
    public async Task Assigning_nobody_to_an_unassigned_ticket_writes_nothing_to_the_thread_or_the_audit()
    {
        var (id, _, _) = await host.FileTicketAsync("wt-nobody");
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        var (events, audits) = await CountsAsync(id);

        var page = $"/admin/tickets/{id}";
        var response = await admin.PostFormAsync($"{page}?handler=assign", new() { ["assignee"] = "" }, page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal((events, audits), await CountsAsync(id));
        Assert.DoesNotContain("👤 —", await admin.GetPageAsync(page));
    }

    [Fact]
    public async Task A_reply_with_a_new_status_reaches_the_citizen_as_one_message_with_both()
    {
        var (id, code, _) = await host.FileTicketAsync("wt-one");
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        var before = await LastOutboxIdAsync();

        var page = $"/admin/tickets/{id}";
        var response = await admin.PostFormAsync($"{page}?handler=compose",
            new() { ["Mode"] = "reply", ["Text"] = "A crew is on its way with a new lamp.", ["SetStatus"] = "InProgress" }, page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var db = host.Bot.CreateDbContext();
        var ticket = await db.Tickets.SingleAsync(t => t.Id == id);
        Assert.Equal(TicketStatus.InProgress, ticket.Status);
        Assert.NotNull(ticket.FirstResponseAt);
        var told = await db.Outbox.Where(m => m.Id > before && m.CitizenId == ticket.CitizenId).ToListAsync();
        var message = Assert.Single(told);
        Assert.Contains("A crew is on its way", message.Payload);
        Assert.Contains("In progress", message.Payload);
        Assert.Contains(TrackingCode.Format(code), message.Payload);
        // The thread shows the words and the status change, both carried by that one message.
        var shown = await db.TicketEvents.Where(e => e.TicketId == id && e.OutboxMessageId == message.Id).Select(e => e.Kind).ToListAsync();
        Assert.Equal([TicketEventKind.StaffReply, TicketEventKind.StatusChange], shown.Order());
    }

    [Fact]
    public async Task Rejecting_without_words_is_refused_keeping_Rejected_chosen_and_the_note_typed()
    {
        var (id, _, _) = await host.FileTicketAsync("wt-reject");
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        var page = $"/admin/tickets/{id}";

        var response = await admin.PostFormAsync($"{page}?handler=compose",
            new() { ["Mode"] = "note", ["Text"] = "checked with the district office", ["SetStatus"] = "Rejected" }, page);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("نوشتن دلیل الزامی است", html); // the reason-required message, in the panel's default language
        Assert.Contains("<option value=\"Rejected\" selected=\"selected\">", html);
        Assert.Contains("<input type=\"radio\" name=\"Mode\" value=\"note\" checked=\"checked\"", html);
        Assert.Contains("checked with the district office</textarea>", html);
        await using var db = host.Bot.CreateDbContext();
        Assert.Equal(TicketStatus.New, (await db.Tickets.SingleAsync(t => t.Id == id)).Status);
        Assert.False(await db.TicketEvents.AnyAsync(e => e.TicketId == id && e.Kind == TicketEventKind.InternalNote));
    }

    [Fact]
    public async Task A_refused_referral_shows_again_with_the_district_that_was_chosen()
    {
        var (id, _, _) = await host.FileTicketAsync("wt-refer");
        var d2 = (await host.DistrictIdAsync("D2")).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        var page = $"/admin/tickets/{id}";

        var refused = await admin.PostFormAsync($"{page}?handler=refer", new() { ["department"] = "No such department", ["district"] = d2 }, page);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains($"<option value=\"{d2}\" selected=\"selected\">", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_phone_callers_ticket_says_they_are_told_only_by_phone_and_offers_no_reply()
    {
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        var created = await admin.PostFormAsync("/admin/tickets/new", new()
        {
            ["Name"] = "Sara", ["Phone"] = "09121234567", ["Language"] = "fa", ["Category"] = "pothole",
            ["Address"] = "خیابان انقلاب، روبروی پارک", ["Description"] = "چاله عمیق کنار ایستگاه اتوبوس است.",
        });
        var page = created.Headers.Location!.OriginalString;
        var html = await admin.GetPageAsync(page);

        Assert.Contains("data-reach=\"phone-only\"", html);
        Assert.Contains("فقط تلفنی", html);
        Assert.Contains("۰۹۱۲۱۲۳۴۵۶۷", html);
        Assert.DoesNotContain("name=\"Mode\" value=\"reply\"", html);
        Assert.DoesNotContain("data-canned-for", html);
        var refused = await admin.PostFormAsync($"{page}?handler=compose", new() { ["Mode"] = "reply", ["Text"] = "We fixed it." }, page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var noted = await admin.PostFormAsync($"{page}?handler=compose", new() { ["Mode"] = "note", ["Text"] = "Called her back.", ["SetStatus"] = "InProgress" }, page);
        Assert.Equal(HttpStatusCode.Redirect, noted.StatusCode);
    }

    [Fact]
    public async Task Take_it_gives_the_ticket_to_whoever_presses_it_and_the_page_then_says_so()
    {
        var d1 = await host.DistrictIdAsync("D1");
        await host.CreateStaffAsync("wt-agent", StaffRole.Agent, districts: [d1]);
        var (id, _, _) = await host.FileTicketAsync("wt-take", district: "D1");
        using var agent = await host.SignInAsync("wt-agent");
        var page = $"/admin/tickets/{id}";
        Assert.Contains("id=\"take\"", await agent.GetPageAsync(page));

        var taken = await agent.PostFormAsync($"{page}?handler=assign", new() { ["assignee"] = "me" }, page);

        Assert.Equal(HttpStatusCode.Redirect, taken.StatusCode);
        var html = await agent.GetPageAsync(page);
        Assert.DoesNotContain("id=\"take\"", html);
        Assert.Contains("data-mine", html);
    }

    [Fact]
    public async Task Next_ticket_is_the_one_after_it_in_the_view_it_was_opened_from()
    {
        var word = "wtnext" + Guid.NewGuid().ToString("N")[..6];
        var (first, _, _) = await host.FileTicketAsync("wt-n1", description: $"First lamp {word} is dark at night.");
        var (second, _, _) = await host.FileTicketAsync("wt-n2", description: $"Second lamp {word} is dark at night.");
        var (third, _, _) = await host.FileTicketAsync("wt-n3", description: $"Third lamp {word} is dark at night.");
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);

        var queue = await admin.GetPageAsync($"/admin?q={word}&sort=oldest");
        Assert.Contains($"href=\"/admin/tickets/{first}?in=q%3D{word}%26sort%3Doldest\"", queue);
        var ticketPage = await admin.GetPageAsync($"/admin/tickets/{first}?in=" + Uri.EscapeDataString($"q={word}&sort=oldest"));
        Assert.Contains($"href=\"/admin?q={word}&amp;sort=oldest&amp;handler=next&amp;after={first}\"", ticketPage);

        var next = await admin.GetAsync($"/admin?q={word}&sort=oldest&handler=next&after={first}");
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.Equal($"/admin/tickets/{second}?in=q%3D{word}%26sort%3Doldest", next.Headers.Location!.OriginalString);
        var last = await admin.GetAsync($"/admin?q={word}&sort=oldest&handler=next&after={third}");
        Assert.Equal($"/admin?q={word}&sort=oldest", last.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_ticket_page_lists_its_keyboard_shortcuts_and_runs_no_inline_script()
    {
        var (id, _, _) = await host.FileTicketAsync("wt-keys");
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        var response = await admin.GetAsync($"/admin/tickets/{id}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("id=\"shortcuts\"", html);
        foreach (var key in new[] { "r", "i", "s", "t", "n", "?" })
        {
            Assert.Contains($"<kbd>{key}</kbd>", html);
        }

        var scripts = string.Join(";", response.Headers.GetValues("Content-Security-Policy")).Split(';').Single(d => d.Trim().StartsWith("script-src", StringComparison.Ordinal));
        Assert.DoesNotContain("unsafe", scripts);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "<script"));
        Assert.Contains("<script src=\"/admin/assets/admin.js\" defer></script>", html);
        Assert.Contains("data-inplace", html);
    }

    [Fact]
    public async Task The_composer_and_the_bulk_actions_refuse_a_post_without_the_antiforgery_token()
    {
        var (id, _, _) = await host.FileTicketAsync("wt-csrf");
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        var (events, audits) = await CountsAsync(id);
        var ticket = id.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var compose = await admin.Http.PostAsync($"/admin/tickets/{id}?handler=compose",
            new FormUrlEncodedContent([new("Mode", "reply"), new("Text", "posted from another site"), new("SetStatus", "Rejected")]));
        var bulk = await admin.Http.PostAsync("/admin?handler=bulk", new FormUrlEncodedContent([new("ids", ticket), new("bulk", "assign"), new("assignee", "me")]));

        Assert.Equal(HttpStatusCode.BadRequest, compose.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bulk.StatusCode);
        Assert.Equal((events, audits), await CountsAsync(id));
    }

    private async Task<(int Events, int Audits)> CountsAsync(long id)
    {
        await using var db = host.Bot.CreateDbContext();
        return (await db.TicketEvents.CountAsync(e => e.TicketId == id), await db.Audit.CountAsync(a => a.TicketId == id));
    }

    private async Task<long> LastOutboxIdAsync()
    {
        await using var db = host.Bot.CreateDbContext();
        return await db.Outbox.MaxAsync(m => (long?)m.Id) ?? 0;
    }
}
