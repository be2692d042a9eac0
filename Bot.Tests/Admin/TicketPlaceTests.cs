using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ChatIntake.Staff;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Admin;

/// <summary>Staff correct a ticket's place on its page: the district follows the point, a point outside the city is refused.</summary>
public sealed class TicketPlaceTests(AdminHost host) : IClassFixture<AdminHost>
{
    [Fact]
    public async Task A_corrected_point_moves_the_ticket_to_its_district_with_an_event_and_an_audit_entry()
    {
        var (id, _, _) = await host.FileTicketAsync("place-move", district: "D1");
        var d2 = await host.DistrictIdAsync("D2");
        var (latitude, longitude) = AdminHost.NewPlace("D2");
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        var page = $"/admin/tickets/{id}";

        var response = await admin.PostFormAsync($"{page}?handler=place", new()
        {
            ["Latitude"] = latitude.ToString(CultureInfo.InvariantCulture), ["Longitude"] = longitude.ToString(CultureInfo.InvariantCulture),
        }, page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var db = host.Bot.CreateDbContext();
        var ticket = await db.Tickets.SingleAsync(t => t.Id == id);
        Assert.Equal(d2, ticket.DistrictId);
        Assert.Equal(latitude, ticket.Latitude!.Value, 6);
        Assert.Equal(longitude, ticket.Longitude!.Value, 6);
        var entry = await db.TicketEvents.SingleAsync(e => e.TicketId == id && e.Kind == TicketEventKind.PlaceCorrected);
        Assert.EndsWith("|" + d2.ToString(CultureInfo.InvariantCulture), entry.ToValue);
        Assert.Contains(await db.Audit.Where(a => a.TicketId == id).ToListAsync(), a => a.Action == "place" && a.Detail!.StartsWith("place corrected", StringComparison.Ordinal));
        // The thread names the correction with the new district.
        var district = await db.Districts.SingleAsync(d => d.Id == d2);
        Assert.Contains("اکنون: " + district.NameFa, await admin.GetPageAsync(page));
    }

    [Fact]
    public async Task A_point_outside_every_district_is_refused_keeping_it_and_changing_nothing()
    {
        var (id, _, _) = await host.FileTicketAsync("place-outside", district: "D1");
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        var page = $"/admin/tickets/{id}";
        await using var before = host.Bot.CreateDbContext();
        var was = await before.Tickets.AsNoTracking().SingleAsync(t => t.Id == id);
        var audits = await before.Audit.CountAsync(a => a.TicketId == id);

        var response = await admin.PostFormAsync($"{page}?handler=place", new() { ["Latitude"] = "10.5", ["Longitude"] = "20.25" }, page);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("بیرون از همهٔ مناطق شهر", html); // the outside-the-city message, in the panel's default language
        await using var db = host.Bot.CreateDbContext();
        var ticket = await db.Tickets.SingleAsync(t => t.Id == id);
        Assert.Equal((was.Latitude, was.Longitude, was.DistrictId), (ticket.Latitude, ticket.Longitude, ticket.DistrictId));
        Assert.False(await db.TicketEvents.AnyAsync(e => e.TicketId == id && e.Kind == TicketEventKind.PlaceCorrected));
        Assert.Equal(audits, await db.Audit.CountAsync(a => a.TicketId == id));
    }

    [Fact]
    public async Task Without_map_tiles_only_the_district_is_offered_and_choosing_one_moves_the_ticket()
    {
        var (id, _, _) = await host.FileTicketAsync("place-district", district: "D1");
        var d2 = (await host.DistrictIdAsync("D2")).ToString(CultureInfo.InvariantCulture);
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        var page = $"/admin/tickets/{id}";

        var form = Regex.Match(await admin.GetPageAsync(page), "<form[^>]*id=\"place\".*?</form>", RegexOptions.Singleline).Value;
        Assert.Contains("<select name=\"district\">", form);
        Assert.DoesNotContain("Latitude", form);
        Assert.DoesNotContain("id=\"picker\"", form);

        var response = await admin.PostFormAsync($"{page}?handler=place", new() { ["district"] = d2 }, page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var db = host.Bot.CreateDbContext();
        var ticket = await db.Tickets.SingleAsync(t => t.Id == id);
        Assert.Equal(d2, ticket.DistrictId!.Value.ToString(CultureInfo.InvariantCulture));
        // The citizen's point lay in the old district, so it no longer says where the ticket is.
        Assert.Null(ticket.Latitude);
        Assert.True(await db.TicketEvents.AnyAsync(e => e.TicketId == id && e.Kind == TicketEventKind.PlaceCorrected));
    }

    [Fact]
    public async Task A_supervisor_of_one_district_who_moves_a_ticket_out_of_it_is_sent_back_to_the_queue()
    {
        var (id, _, _) = await host.FileTicketAsync("place-away", district: "D1");
        var d1 = await host.DistrictIdAsync("D1");
        var (latitude, longitude) = AdminHost.NewPlace("D2");
        await host.CreateStaffAsync("place-d1", StaffRole.Supervisor, districts: [d1]);
        using var staff = await host.SignInAsync("place-d1");
        var page = $"/admin/tickets/{id}";

        var response = await staff.PostFormAsync($"{page}?handler=place", new()
        {
            ["Latitude"] = latitude.ToString(CultureInfo.InvariantCulture), ["Longitude"] = longitude.ToString(CultureInfo.InvariantCulture),
        }, page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin", response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync(page)).StatusCode);
    }
}
