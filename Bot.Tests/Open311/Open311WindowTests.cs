using System.Globalization;
using System.Net;
using ChatIntake.Data;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Tests.Admin;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Open311;

/// <summary>GET requests' dates: the last 90 days and 1,000 rows by default, a window of at most 90 days, dates with offsets.</summary>
public sealed class Open311WindowTests
{
    private const string Key = "window-tests:" + Secret;
    private const string Secret = "open311-window-secret-0123456789abcdef";

    [Fact]
    public async Task Requests_default_to_the_last_90_days_and_dates_with_offsets_choose_the_window()
    {
        var host = AdminHost.WithClock(new Dictionary<string, string?> { ["Open311:ApiKeys:0"] = Key, ["Open311:RequestsPerMinute"] = "100000" });
        await host.InitializeAsync();
        try
        {
            using var client = new GeoReportClient(host.Bot.CreateClient());
            var clock = host.Clock!;
            clock.SetTo(new DateTimeOffset(2026, 6, 1, 9, 0, 0, TimeSpan.FromHours(3.5)));
            var old = await FileAsync(client);
            clock.Advance(TimeSpan.FromDays(100));
            var recent = await FileAsync(client);

            var byDefault = (await client.GetAsync("requests.json")).Json();
            Assert.Equal([recent], byDefault.EnumerateArray().Select(r => r.GetProperty("service_request_id").GetString()));

            // The old one's day, written with Tehran's offset, with UTC's Z, and with an unencoded '+' that arrives as a space.
            foreach (var window in new[]
            {
                "start_date=2026-06-01T00:00:00%2B03:30&end_date=2026-06-02T00:00:00%2B03:30",
                "start_date=2026-05-31T20:30:00Z&end_date=2026-06-01T20:30:00Z",
                "start_date=2026-06-01T00:00:00+03:30&end_date=2026-06-02T00:00:00+03:30",
                "start_date=2026-06-01T00:00:00",
            })
            {
                var found = (await client.GetAsync("requests.xml?" + window)).Xml();
                Assert.Equal([old], found.Elements("request").Select(r => (string?)r.Element("service_request_id")));
            }

            Assert.Empty((await client.GetAsync("requests.json?start_date=2026-06-01T09:30:00%2B03:30&end_date=2026-06-02T00:00:00%2B03:30")).Json().EnumerateArray());
            Assert.Equal([recent], (await client.GetAsync("requests.json?end_date=2026-09-10T00:00:00%2B03:30")).Json().EnumerateArray().Select(r => r.GetProperty("service_request_id").GetString()));

            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("requests.json?start_date=2026-06-01T00:00:00%2B03:30&end_date=2026-08-30T00:00:00%2B03:30")).Status);
            (await client.GetAsync("requests.json?start_date=2026-06-01T00:00:00%2B03:30&end_date=2026-08-30T00:00:01%2B03:30")).IsError(HttpStatusCode.BadRequest, "90 days");
            (await client.GetAsync("requests.xml?start_date=2026-01-01T00:00:00Z&end_date=2026-12-01T00:00:00Z")).IsError(HttpStatusCode.BadRequest, "90 days");
            (await client.GetAsync("requests.json?start_date=2026-06-02T00:00:00Z&end_date=2026-06-01T00:00:00Z")).IsError(HttpStatusCode.BadRequest, "before");
            (await client.GetAsync("requests.json?end_date=01/06/2026")).IsError(HttpStatusCode.BadRequest, "end_date");

            // A photo link lives Open311:MediaLinkLifetime (1 h by default), then reads as nothing.
            var links = host.Bot.Service<ChatIntake.Open311.MediaLinks>();
            var token = links.Token(42);
            Assert.Equal(42, links.Read(token));
            clock.Advance(TimeSpan.FromMinutes(61));
            Assert.Null(links.Read(token));
            Assert.Null(links.Read(token[..^2] + "xx"));
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Requests_answer_at_most_1000_rows_unless_paged()
    {
        var host = AdminHost.With(new Dictionary<string, string?> { ["Open311:ApiKeys:0"] = Key });
        await host.InitializeAsync();
        try
        {
            // 1,001 reports filed through the workflow in one commit: the spec's cap is what is tested, not the intake's speed.
            await using (var db = host.Bot.CreateDbContext())
            {
                var workflow = host.Bot.Service<TicketWorkflow>();
                var category = host.Bot.Service<CategoryCatalog>().Find("lighting")!;
                var codes = host.Bot.Service<TrackingCodeGenerator>();
                var now = host.Bot.Service<TimeProvider>().GetUtcNow();
                var citizen = new Citizen { Channel = "open311:bulk", ExternalUserId = "bulk", Language = "fa", CreatedAt = now };
                db.Citizens.Add(citizen);
                await db.SaveChangesAsync();
                var (lat, lon) = AdminHost.NewPlace();
                var filed = Enumerable.Range(0, 1001).Select(i => workflow.File(null, citizen, category,
                    new TicketDraft(codes.NewCode(), "open311:bulk", $"Lamp {i} is dark.", null, new GeoPoint(lat, lon), null), TicketActor.Citizen(citizen.Id), now.AddSeconds(-i))).ToArray();
                db.Tickets.AddRange(filed.Select(f => f.Ticket));
                await workflow.CommitAsync(db, CancellationToken.None, filed);
            }

            using var client = new GeoReportClient(host.Bot.CreateClient());
            Assert.Equal(1000, (await client.GetAsync("requests.json")).Json().GetArrayLength());
            var last = (await client.GetAsync("requests.xml?page=2")).Xml();
            Assert.Equal("Lamp 1000 is dark.", (string?)Assert.Single(last.Elements("request")).Element("description"));
            Assert.Equal(500, (await client.GetAsync("requests.json?page_size=500&page=2")).Json().GetArrayLength());
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    private static async Task<string> FileAsync(GeoReportClient client)
    {
        var posted = await client.PostAsync("requests.json", Open311ConformanceTests.Report(Secret));
        Assert.Equal(HttpStatusCode.OK, posted.Status);
        return posted.Json()[0].GetProperty("service_request_id").GetString()!;
    }
}
