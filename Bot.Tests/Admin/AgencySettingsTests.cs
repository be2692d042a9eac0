using System.Globalization;
using System.Net;
using ChatIntake.Admin.Texts;
using ChatIntake.Staff;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Admin;

/// <summary>Administrators keep the list of outside agencies; staff are offered the active ones on the ticket page.</summary>
public sealed class AgencySettingsTests(AdminHost host) : IClassFixture<AdminHost>
{
    private const string Page = "/admin/settings/agencies";

    [Fact]
    public async Task An_administrator_adds_edits_deactivates_and_deletes_an_agency_and_every_change_is_audited()
    {
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        Assert.Contains("href=\"/admin/settings/agencies\"", await admin.GetPageAsync("/admin/settings"));

        var added = await admin.PostFormAsync(Page + "?handler=save", new() { ["nameFa"] = "شرکت مخابرات", ["nameEn"] = "Telecom Company", ["contact"] = "021-1234", ["isActive"] = "true" }, Page);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var id = await IdOfAsync("Telecom Company");
        var listed = await admin.GetPageAsync(Page);
        Assert.Contains("value=\"شرکت مخابرات\"", listed);
        Assert.Contains("value=\"021-1234\"", listed);

        var (ticketId, _, _) = await host.FileTicketAsync("agset-offer");
        Assert.Contains($"<option value=\"{Invariant(id)}\">شرکت مخابرات</option>", await admin.GetPageAsync($"/admin/tickets/{ticketId}"));

        // Renamed and made inactive (the unchecked box is simply absent from the form): no longer offered.
        var edited = await admin.PostFormAsync(Page + "?handler=save", new() { ["id"] = Invariant(id), ["nameFa"] = "شرکت ارتباطات", ["nameEn"] = "Telecoms", ["contact"] = "" }, Page);
        Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
        await using (var db = host.Bot.CreateDbContext())
        {
            var agency = await db.OutsideAgencies.SingleAsync(a => a.Id == id);
            Assert.Equal(("شرکت ارتباطات", "Telecoms", null, false), (agency.NameFa, agency.NameEn, agency.Contact, agency.IsActive));
        }

        Assert.DoesNotContain("شرکت ارتباطات</option>", await admin.GetPageAsync($"/admin/tickets/{ticketId}"));

        var deleted = await admin.PostFormAsync(Page + "?handler=delete", new() { ["id"] = Invariant(id) }, Page);
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        await using (var db = host.Bot.CreateDbContext())
        {
            Assert.False(await db.OutsideAgencies.AnyAsync(a => a.Id == id));
            var actions = await db.Audit.Where(a => a.Action.StartsWith("agency-")).Select(a => a.Action + " " + a.Detail).ToListAsync();
            Assert.Contains(actions, a => a.StartsWith("agency-save Telecom Company", StringComparison.Ordinal));
            Assert.Contains(actions, a => a.StartsWith("agency-save Telecoms", StringComparison.Ordinal) && a.EndsWith("inactive", StringComparison.Ordinal));
            Assert.Contains(actions, a => a.StartsWith("agency-delete Telecoms", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_nameless_agency_is_refused_with_a_message_keeping_what_was_typed()
    {
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        var refused = await admin.PostFormAsync(Page + "?handler=save", new() { ["nameFa"] = "  ", ["nameEn"] = "Half-typed Agency", ["isActive"] = "true" }, Page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains(AdminStrings.All["settings.required"].Fa, html);
        Assert.Contains("value=\"Half-typed Agency\"", html);
        await using var db = host.Bot.CreateDbContext();
        Assert.False(await db.OutsideAgencies.AnyAsync(a => a.NameEn == "Half-typed Agency"));
    }

    [Fact]
    public async Task An_agency_that_held_a_ticket_cannot_be_deleted_and_agents_cannot_open_the_list()
    {
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        await admin.PostFormAsync(Page + "?handler=save", new() { ["nameFa"] = "سازمان آب منطقه‌ای", ["nameEn"] = "Regional Water Authority", ["isActive"] = "true" }, Page);
        var id = await IdOfAsync("Regional Water Authority");
        var (ticketId, _, _) = await host.FileTicketAsync("agset-used");
        var referred = await admin.PostFormAsync($"/admin/tickets/{ticketId}?handler=agency",
            new() { ["agency"] = Invariant(id), ["AgencyExpected"] = "2999-01-01" }, $"/admin/tickets/{ticketId}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, referred.StatusCode);
        var tomorrow = TimeZoneInfo.ConvertTime(host.Bot.Service<TimeProvider>().GetUtcNow(), host.Bot.Service<ChatIntake.Tickets.WorkingCalendar>().Zone).Date.AddDays(1);
        referred = await admin.PostFormAsync($"/admin/tickets/{ticketId}?handler=agency",
            new() { ["agency"] = Invariant(id), ["AgencyExpected"] = tomorrow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, $"/admin/tickets/{ticketId}");
        Assert.Equal(HttpStatusCode.Redirect, referred.StatusCode);

        var refused = await admin.PostFormAsync(Page + "?handler=delete", new() { ["id"] = Invariant(id) }, Page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains(AdminStrings.All["settings.agencyInUse"].Fa, await refused.Content.ReadAsStringAsync());
        await using (var db = host.Bot.CreateDbContext())
        {
            Assert.True(await db.OutsideAgencies.AnyAsync(a => a.Id == id));
        }

        await host.CreateStaffAsync("agset-agent", StaffRole.Agent);
        using var agent = await host.SignInAsync("agset-agent");
        var denied = await agent.GetAsync(Page);
        Assert.NotEqual(HttpStatusCode.OK, denied.StatusCode);
    }

    private async Task<int> IdOfAsync(string nameEn)
    {
        await using var db = host.Bot.CreateDbContext();
        return await db.OutsideAgencies.Where(a => a.NameEn == nameEn).Select(a => a.Id).SingleAsync();
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
