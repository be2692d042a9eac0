using System.Globalization;
using System.Net;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Staff;
using ChatIntake.Tests.Admin;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Open311;

/// <summary>A request another system files is worked in the panel like any other, and what GET shows of any ticket leaves every person out.</summary>
public sealed class Open311WorkflowTests(Open311Fixture fixture) : IClassFixture<Open311Fixture>
{
    [Fact]
    public async Task A_posted_request_resolved_by_staff_in_the_panel_reads_closed_with_their_words()
    {
        using var client = fixture.Client();
        var id = (await client.PostAsync("requests.json", Open311ConformanceTests.Report(Open311Fixture.Key))).Json()[0].GetProperty("service_request_id").GetString()!;
        var ticketId = await TicketIdAsync(id);
        var before = (await client.GetAsync($"requests/{id}.json")).Json()[0];
        Assert.Equal("open", before.GetProperty("status").GetString());

        using var admin = await fixture.Host.SignInAsync("admin", AdminHost.AdminPassword);
        var page = $"/admin/tickets/{ticketId}";
        Assert.Contains("open311:fixmystreet", await admin.GetPageAsync(page));
        fixture.Host.Bot.Clock.Advance(TimeSpan.FromMinutes(5));
        var resolved = await admin.PostFormAsync($"{page}?handler=status", new() { ["status"] = "Resolved", ["Reason"] = "The lamp was replaced on Tuesday." }, page);
        Assert.Equal(HttpStatusCode.Redirect, resolved.StatusCode);

        var after = (await client.GetAsync($"requests/{id}.json?locale=en")).Json()[0];
        Assert.Equal("closed", after.GetProperty("status").GetString());
        Assert.Contains("The lamp was replaced on Tuesday.", after.GetProperty("status_notes").GetString());
        Assert.Contains("Resolved", after.GetProperty("status_notes").GetString());
        Assert.True(DateTimeOffset.Parse(after.GetProperty("updated_datetime").GetString()!, CultureInfo.InvariantCulture) >
                    DateTimeOffset.Parse(before.GetProperty("updated_datetime").GetString()!, CultureInfo.InvariantCulture));
        var closed = (await client.GetAsync($"requests.xml?status=closed&service_request_id={id}")).Xml();
        Assert.Equal("closed", (string?)closed.Element("request")!.Element("status"));
        Assert.Contains((await client.GetAsync("requests.json?status=closed")).Json().EnumerateArray(), r => r.GetProperty("service_request_id").GetString() == id);
    }

    [Fact]
    public async Task No_get_answer_carries_a_citizens_identity_phone_chat_an_internal_note_or_a_staff_name()
    {
        var host = fixture.Host;
        var district = await host.DistrictIdAsync("D1");
        await host.CreateStaffAsync("shirin-privatename", StaffRole.Supervisor, departments: ["Street Lighting"], districts: [district]);
        using var staff = await host.SignInAsync("shirin-privatename");
        using var client = fixture.Client();

        // One report through the bot (a chat, a messenger name), one through Open311 with every contact field.
        var (botTicket, botCode, _) = await host.FileTicketAsync("privacy-chat-4242");
        var posted = await client.PostAsync("requests.json", [.. Open311ConformanceTests.Report(Open311Fixture.Key), .. Open311ConformanceTests.Form(
            ("first_name", "Parisa"), ("last_name", "Contactname"), ("phone", "09121234567"), ("email", "parisa@example.org"),
            ("account_id", "acct-secret-99"), ("device_id", "device-secret-1"))]);
        var apiCode = posted.Json()[0].GetProperty("service_request_id").GetString()!;
        var apiTicket = await TicketIdAsync(apiCode);
        await using (var db = host.Bot.CreateDbContext())
        {
            var reporter = await db.Tickets.Where(t => t.Id == apiTicket).Select(t => t.Citizen!).SingleAsync();
            Assert.Equal("Parisa Contactname", reporter.Name);
            Assert.Equal("09121234567", reporter.Phone);
        }

        foreach (var ticket in new[] { botTicket, apiTicket })
        {
            var page = $"/admin/tickets/{ticket}";
            await staff.PostFormAsync($"{page}?handler=assign", new() { ["assignee"] = "me" }, page);
            await staff.PostFormAsync($"{page}?handler=note", new() { ["Text"] = "INTERNAL-NOTE: the neighbour at no. 14 is the caller's cousin." }, page);
            await staff.PostFormAsync($"{page}?handler=status", new() { ["status"] = "InProgress" }, page);
        }

        await staff.PostFormAsync($"/admin/tickets/{botTicket}?handler=reply", new() { ["Text"] = "A crew is on its way." }, $"/admin/tickets/{botTicket}");
        await using (var db = host.Bot.CreateDbContext())
        {
            Assert.Equal(2, await db.TicketEvents.CountAsync(e => (e.TicketId == botTicket || e.TicketId == apiTicket) && e.Kind == ChatIntake.Tickets.TicketEventKind.InternalNote));
        }

        var shown = TrackingCode.Format(botCode);
        var bodies = new List<string>();
        foreach (var path in new[]
        {
            "requests.json", "requests.xml", "requests.json?locale=en", "requests.xml?status=open",
            $"requests.json?service_request_id={shown},{apiCode}", $"requests/{shown}.json", $"requests/{shown}.xml", $"requests/{apiCode}.json", $"requests/{apiCode}.xml?locale=en",
        })
        {
            var answer = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            bodies.Add(answer.Body);
        }

        var all = string.Join("\n", bodies);
        Assert.Contains(shown, all);
        Assert.Contains(apiCode, all);
        Assert.Contains("A crew is on its way.", all);
        foreach (var secret in new[]
        {
            "privacy-chat-4242", "Parisa", "Contactname", "09121234567", "۰۹۱۲۱۲۳۴۵۶۷", "parisa@example.org", "acct-secret-99", "device-secret-1",
            "INTERNAL-NOTE", "cousin", "shirin", "privatename", "Supervisor",
        })
        {
            Assert.DoesNotContain(secret, all, StringComparison.OrdinalIgnoreCase);
        }
    }

    private async Task<long> TicketIdAsync(string shownCode)
    {
        Assert.True(TrackingCode.TryNormalize(shownCode, out var code));
        await using var db = fixture.Host.Bot.CreateDbContext();
        return await db.Tickets.Where(t => t.TrackingCode == code).Select(t => t.Id).SingleAsync();
    }
}
