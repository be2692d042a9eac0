using System.Net;
using System.Text.RegularExpressions;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Staff;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Admin;

/// <summary>The queue's saved views, triage view, unread marks, response-due column and bulk actions.</summary>
public sealed partial class QueueViewsTests(AdminHost host) : IClassFixture<AdminHost>
{
    [Fact]
    public async Task A_citizen_message_is_unread_for_each_staff_member_until_they_open_the_ticket()
    {
        var (id, code, citizen) = await host.FileTicketAsync("qv-unread");
        await host.CreateStaffAsync("qv-lead", StaffRole.Supervisor, districts: [await host.DistrictIdAsync("D1")]);
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        using var lead = await host.SignInAsync("qv-lead");
        await admin.GetPageAsync($"/admin/tickets/{id}");

        await citizen.SaysAsync("The pole is leaning towards the road now.");
        await citizen.PressesAsync(TrackingCode.Format(code));

        var search = "/admin?q=" + code;
        Assert.Equal("1", Unread(await admin.GetPageAsync(search), code));
        Assert.Equal("1", Unread(await lead.GetPageAsync(search), code));
        Assert.Equal("1", Unread(await admin.GetPageAsync("/admin?unread=true"), code));
        await admin.GetPageAsync($"/admin/tickets/{id}");
        Assert.Null(Unread(await admin.GetPageAsync(search), code));
        Assert.DoesNotContain($"data-code=\"{code}\"", await admin.GetPageAsync("/admin?unread=true"));
        Assert.Equal("1", Unread(await lead.GetPageAsync(search), code));
    }

    [Fact]
    public async Task The_triage_view_holds_open_tickets_without_an_assignee_or_a_district_and_counts_them()
    {
        var (taken, takenCode, _) = await host.FileTicketAsync("qv-taken");
        var (_, freeCode, _) = await host.FileTicketAsync("qv-free");
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        await admin.PostFormAsync($"/admin/tickets/{taken}?handler=assign", new() { ["assignee"] = "me" }, $"/admin/tickets/{taken}");

        var all = await admin.GetPageAsync("/admin?triage=all");
        Assert.Contains("data-triage", all);
        Assert.Matches("data-triage-kind=\"assignee\">[^<]+<b>[۰-۹]+</b>", all);
        var unassigned = await admin.GetPageAsync("/admin?triage=assignee&q=" + freeCode);
        Assert.Contains($"data-code=\"{freeCode}\"", unassigned);
        Assert.DoesNotContain($"data-code=\"{takenCode}\"", await admin.GetPageAsync("/admin?triage=assignee&q=" + takenCode));
        Assert.DoesNotContain($"data-code=\"{freeCode}\"", await admin.GetPageAsync("/admin?triage=district&q=" + freeCode));
    }

    [Fact]
    public async Task The_response_due_column_shows_the_due_time_until_the_first_response()
    {
        var (id, code, _) = await host.FileTicketAsync("qv-due");
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        Assert.Equal("awaiting", Response(await admin.GetPageAsync("/admin?q=" + code), code));

        await admin.PostFormAsync($"/admin/tickets/{id}?handler=compose", new() { ["Mode"] = "reply", ["Text"] = "We are on it." }, $"/admin/tickets/{id}");

        Assert.Equal("answered", Response(await admin.GetPageAsync("/admin?q=" + code), code));
    }

    [Fact]
    public async Task A_bulk_assignment_is_checked_per_ticket_and_says_what_was_done_and_refused()
    {
        var (near, nearCode, _) = await host.FileTicketAsync("qv-bulk-near", district: "D1");
        var (far, farCode, _) = await host.FileTicketAsync("qv-bulk-far", district: "D2");
        var me = await host.CreateStaffAsync("qv-bulk-agent", StaffRole.Agent, districts: [await host.DistrictIdAsync("D1")]);
        using var agent = await host.SignInAsync("qv-bulk-agent");

        var response = await agent.PostFormAsync("/admin?handler=bulk", new() { ["ids"] = $"{near}", ["bulk"] = "assign", ["assignee"] = "me", ["returnUrl"] = "/admin?open=true" }, "/admin");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin?open=true", response.Headers.Location!.OriginalString);
        var queue = await agent.GetPageAsync("/admin");
        Assert.Contains($"انجام شد برای ۱: {TrackingCode.Format(nearCode)}.", Flash().Match(queue).Groups[1].Value);
        var both = new FormUrlEncodedContent([
            new("ids", near.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("ids", far.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("bulk", "status"), new("status", "InProgress"), new("returnUrl", "https://evil.example/"),
            new("__RequestVerificationToken", StaffClient.TokenIn(queue)),
        ]);
        var statusChange = await agent.Http.PostAsync("/admin?handler=bulk", both);
        Assert.Equal("/admin", statusChange.Headers.Location!.OriginalString);
        var summary = Flash().Match(await agent.GetPageAsync("/admin")).Groups[1].Value;
        Assert.Contains($"انجام شد برای ۱: {TrackingCode.Format(nearCode)}.", summary); // on failure, the summary says why it was refused
        Assert.Contains("#" + far, summary); // outside the agent's districts: refused, and not even named by its code
        Assert.DoesNotContain(TrackingCode.Format(farCode), summary);

        await using var db = host.Bot.CreateDbContext();
        var nearTicket = await db.Tickets.SingleAsync(t => t.Id == near);
        Assert.Equal(me.Id, nearTicket.AssigneeId);
        Assert.Equal(TicketStatus.InProgress, nearTicket.Status);
        var farTicket = await db.Tickets.SingleAsync(t => t.Id == far);
        Assert.Null(farTicket.AssigneeId);
        Assert.Equal(TicketStatus.New, farTicket.Status);
    }

    [Fact]
    public async Task Saved_views_are_their_owners_unless_a_supervisor_shares_one()
    {
        var d1 = await host.DistrictIdAsync("D1");
        await host.CreateStaffAsync("qv-view-a", StaffRole.Agent, districts: [d1]);
        await host.CreateStaffAsync("qv-view-b", StaffRole.Agent, districts: [d1]);
        await host.CreateStaffAsync("qv-view-lead", StaffRole.Supervisor, districts: [d1]);
        using var a = await host.SignInAsync("qv-view-a");
        using var b = await host.SignInAsync("qv-view-b");
        using var lead = await host.SignInAsync("qv-view-lead");

        var saved = await a.PostFormAsync("/admin?handler=saveView", new() { ["name"] = "Agent A's lamps", ["shared"] = "true", ["query"] = "status=New&p=3&bogus=1&q=lamp" }, "/admin");
        Assert.Equal("/admin?q=lamp&status=New", saved.Headers.Location!.OriginalString);
        await lead.PostFormAsync("/admin?handler=saveView", new() { ["name"] = "District overdue", ["shared"] = "true", ["query"] = "overdue=true" }, "/admin");

        var pageA = await a.GetPageAsync("/admin");
        Assert.Contains("Agent A&#x27;s lamps", pageA.Replace("&#39;", "&#x27;", StringComparison.Ordinal));
        Assert.Contains("href=\"/admin?q=lamp&amp;status=New\"", pageA);
        Assert.Contains("District overdue", pageA);
        var pageB = await b.GetPageAsync("/admin");
        Assert.DoesNotContain("Agent A", pageB); // an agent's view is never shared
        Assert.Contains("District overdue", pageB);

        await using var db = host.Bot.CreateDbContext();
        var view = await db.SavedViews.SingleAsync(v => v.Name == "District overdue");
        Assert.Equal(HttpStatusCode.NotFound, (await b.PostFormAsync("/admin?handler=deleteView", new() { ["view"] = view.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, "/admin")).StatusCode);
    }

    private static string? Unread(string html, string code) =>
        Regex.Match(html, $"data-code=\"{code}\"(?:(?!</tr>).)*?data-unread=\"(\\d+)\"", RegexOptions.Singleline) is { Success: true } m ? m.Groups[1].Value : null;

    private static string? Response(string html, string code) =>
        Regex.Match(html, $"data-code=\"{code}\"(?:(?!</tr>).)*?data-response=\"(\\w+)\"", RegexOptions.Singleline) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex("<p class=\"flash\" role=\"status\">([^<]*)</p>")]
    private static partial Regex Flash();
}
