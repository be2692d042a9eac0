using ChatIntake.Staff;
using System.Net;
using ChatIntake.Admin.Staff;
using ChatIntake.Dialogs.Intake;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Admin;

/// <summary>Every box of the ticket page, and assignment, keep to the reader's and the assignee's scope.</summary>
public sealed class TicketScopeTests(AdminHost host) : IClassFixture<AdminHost>
{
    [Fact]
    public async Task The_ticket_page_names_no_ticket_outside_the_readers_districts()
    {
        await host.CreateStaffAsync("scope-reader-d1", StaffRole.Agent, districts: [await host.DistrictIdAsync("D1")]);
        var (here, _, _) = await host.FileTicketAsync("scope-two-districts", district: "D1");
        var (_, elsewhereCode, _) = await host.FileTicketAsync("scope-two-districts", district: "D2", waste: true);
        var (_, duplicateCode, _) = await host.FileTicketAsync("scope-other-citizen", district: "D2");
        using (var admin = await host.SignInAsync("admin", AdminHost.AdminPassword))
        {
            await using var db = host.Bot.CreateDbContext();
            var duplicateId = await db.Tickets.Where(t => t.TrackingCode == duplicateCode).Select(t => t.Id).SingleAsync();
            var page = $"/admin/tickets/{duplicateId}";
            var hereCode = await db.Tickets.Where(t => t.Id == here).Select(t => t.TrackingCode).SingleAsync();
            var marked = await admin.PostFormAsync($"{page}?handler=duplicate", new() { ["Master"] = TrackingCode.Format(hereCode) }, page);
            Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);
            // The administrator sees them all.
            Assert.Contains(TrackingCode.Format(duplicateCode), await admin.GetPageAsync($"/admin/tickets/{here}"));
        }

        using var agent = await host.SignInAsync("scope-reader-d1");
        var html = await agent.GetPageAsync($"/admin/tickets/{here}");
        Assert.DoesNotContain(TrackingCode.Format(elsewhereCode), html);
        Assert.DoesNotContain(elsewhereCode, html);
        Assert.DoesNotContain(TrackingCode.Format(duplicateCode), html);
        Assert.DoesNotContain(duplicateCode, html);
    }

    [Fact]
    public async Task A_supervisor_cannot_give_a_ticket_to_an_agent_who_cannot_see_it()
    {
        var d1 = await host.DistrictIdAsync("D1");
        await host.CreateStaffAsync("scope-lead", StaffRole.Supervisor, districts: [d1, await host.DistrictIdAsync("D2")]);
        var near = await host.CreateStaffAsync("scope-agent-d1", StaffRole.Agent, districts: [d1]);
        var far = await host.CreateStaffAsync("scope-agent-d2", StaffRole.Agent, districts: [await host.DistrictIdAsync("D2")]);
        var (id, _, _) = await host.FileTicketAsync("scope-assign", district: "D1");
        using var lead = await host.SignInAsync("scope-lead");
        var page = $"/admin/tickets/{id}";

        var html = await lead.GetPageAsync(page);
        Assert.Contains($"<option value=\"{near.Id}\"", html);
        Assert.DoesNotContain($"<option value=\"{far.Id}\"", html);

        var refused = await lead.PostFormAsync($"{page}?handler=assign", new() { ["assignee"] = far.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains(far.DisplayName, await refused.Content.ReadAsStringAsync());
        await using (var db = host.Bot.CreateDbContext())
        {
            Assert.Null(await db.Tickets.Where(t => t.Id == id).Select(t => t.AssigneeId).SingleAsync());
        }

        var given = await lead.PostFormAsync($"{page}?handler=assign", new() { ["assignee"] = near.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, page);
        Assert.Equal(HttpStatusCode.Redirect, given.StatusCode);
        await using (var db = host.Bot.CreateDbContext())
        {
            Assert.Equal(near.Id, await db.Tickets.Where(t => t.Id == id).Select(t => t.AssigneeId).SingleAsync());
        }
    }

    [Fact]
    public async Task Marking_a_duplicate_of_a_duplicate_does_not_name_its_master_outside_the_readers_districts()
    {
        await host.CreateStaffAsync("scope-dup-d1", StaffRole.Agent, districts: [await host.DistrictIdAsync("D1")]);
        var (middle, middleCode, _) = await host.FileTicketAsync("scope-dup-middle", district: "D1");
        var (_, farCode, _) = await host.FileTicketAsync("scope-dup-far", district: "D2", waste: true);
        var (late, _, _) = await host.FileTicketAsync("scope-dup-late", district: "D1");
        using (var admin = await host.SignInAsync("admin", AdminHost.AdminPassword))
        {
            var page = $"/admin/tickets/{middle}";
            var marked = await admin.PostFormAsync($"{page}?handler=duplicate", new() { ["Master"] = TrackingCode.Format(farCode) }, page);
            Assert.Equal(HttpStatusCode.Redirect, marked.StatusCode);
        }

        using var agent = await host.SignInAsync("scope-dup-d1");
        var latePage = $"/admin/tickets/{late}";
        var refused = await agent.PostFormAsync($"{latePage}?handler=duplicate", new() { ["Master"] = TrackingCode.Format(middleCode) }, latePage);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("بیرون از محدودهٔ شماست", html);
        Assert.DoesNotContain(TrackingCode.Format(farCode), html);
        Assert.DoesNotContain(farCode, html);
    }
}
