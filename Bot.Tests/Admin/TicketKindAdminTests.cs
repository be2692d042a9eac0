using System.Net;
using System.Text.RegularExpressions;
using ChatIntake.Dialogs.Intake;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Admin;

/// <summary>Kinds in the panel: the phone form files them (a complaint may name a department instead of a place), the queue filters by them, the ticket page shows them.</summary>
public sealed partial class TicketKindAdminTests(AdminHost host) : IClassFixture<AdminHost>
{
    [Fact]
    public async Task A_phoned_complaint_about_a_department_needs_no_place_and_the_queue_filters_by_kind()
    {
        var (_, problemCode, _) = await host.FileTicketAsync("kind-admin-problem");
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        var created = await admin.PostFormAsync("/admin/tickets/new", new()
        {
            ["Name"] = "Mina", ["Phone"] = "09123334455", ["Language"] = "fa", ["Category"] = "waste", ["Kind"] = "Complaint",
            ["Unit"] = "department:Waste Management", ["Description"] = "مأمور جمع‌آوری زباله با تماس‌گیرنده بدرفتاری کرده است.",
        }, "/admin/tickets/new");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);

        await using (var db = host.Bot.CreateDbContext())
        {
            var ticket = await db.Tickets.Include(t => t.Citizen).SingleAsync(t => t.Citizen!.Phone == "09123334455");
            Assert.Equal(TicketKind.Complaint, ticket.Kind);
            Assert.Equal("Waste Management", ticket.Department);
            Assert.Null(ticket.Latitude);
            Assert.Null(ticket.AddressText);
            Assert.NotNull(ticket.ResolutionDueAt);
            Assert.Equal([ticket.TrackingCode], Codes(await admin.GetPageAsync("/admin?kind=Complaint")));
            Assert.Contains(problemCode, Codes(await admin.GetPageAsync("/admin?kind=Problem")));
            Assert.DoesNotContain(ticket.TrackingCode, Codes(await admin.GetPageAsync("/admin?kind=Problem")));
            var page = await admin.GetPageAsync(created.Headers.Location!.OriginalString);
            Assert.Contains("data-kind=\"Complaint\">شکایت</dd>", page);
        }
    }

    [Fact]
    public async Task A_phoned_problem_cannot_name_a_department_instead_of_a_place()
    {
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        var refused = await admin.PostFormAsync("/admin/tickets/new", new()
        {
            ["Phone"] = "09127778899", ["Language"] = "en", ["Category"] = "pothole", ["Kind"] = "Problem",
            ["Unit"] = "department:Roads", ["Description"] = "There is a pothole somewhere on the ring road.",
        }, "/admin/tickets/new");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("data-for=\"Unit\"", html);
        Assert.Contains("data-for=\"Latitude\"", html);
    }

    private static List<string> Codes(string page) => [.. RowCode().Matches(page).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("data-code=\"([A-Z0-9]{8})\"")]
    private static partial Regex RowCode();
}
