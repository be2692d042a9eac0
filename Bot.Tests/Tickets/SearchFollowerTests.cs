using System.Text.RegularExpressions;
using ChatIntake.Tests.Admin;
using ChatIntake.Tests.Infrastructure;
using ChatIntake.Tickets.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatIntake.Tests.Tickets;

/// <summary>
/// The commit that files a report only queues the ticket for the search index; the follower indexes it while no one else
/// writes, and a search catches up first, so staff find a ticket the moment it exists.
/// </summary>
[Trait("Database", "SqliteOnly")] // the queue is SQLite's: PostgreSQL's triggers index a ticket in the commit that stores it
public sealed partial class SearchFollowerTests : IAsyncLifetime
{
    private readonly AdminHost _host = new(browser: false, configureServices: BotApplicationFactory.ServicesMayBeStopped);

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task A_report_waits_in_the_queue_and_a_search_finds_it_before_the_follower_has_indexed_it()
    {
        await StopFollowerAsync();
        var (id, code, _) = await _host.FileTicketAsync("queued", description: "The fountain by the quarrystone steps is leaking badly.");

        Assert.Equal((true, false), await StateAsync(id));
        using var admin = await _host.SignInAsync("admin", AdminHost.AdminPassword);
        Assert.Equal([code], await CodesAsync(admin, "quarrystone"));
        Assert.Equal((false, true), await StateAsync(id));
    }

    [Fact]
    public async Task The_follower_indexes_a_new_report_while_no_one_else_writes()
    {
        var (id, _, _) = await _host.FileTicketAsync("followed", description: "A tree has fallen across the lane behind the bakery.");

        await Eventually.UntilAsync(() => StateAsync(id), state => state == (false, true), "the follower indexed the new ticket");
    }

    [Fact]
    public async Task A_report_edited_while_it_waits_is_found_by_its_new_words_only()
    {
        await StopFollowerAsync();
        var (id, code, _) = await _host.FileTicketAsync("edited", description: "The marigoldish bench in the park is broken.");
        await using (var db = _host.Bot.CreateDbContext())
        {
            var ticket = await db.Tickets.SingleAsync(t => t.Id == id);
            ticket.Description = "The tulipish bench in the park is broken.";
            await db.SaveChangesAsync();
        }

        // The edit indexed it with its new words and took it off the queue, so nothing indexes the old ones later.
        Assert.Equal((false, true), await StateAsync(id));
        using var admin = await _host.SignInAsync("admin", AdminHost.AdminPassword);
        Assert.Equal([code], await CodesAsync(admin, "tulipish"));
        Assert.Empty(await CodesAsync(admin, "marigoldish"));
    }

    private Task StopFollowerAsync() =>
        _host.Bot.Services.GetServices<IHostedService>().OfType<TicketSearchFollower>().Single().StopAsync(CancellationToken.None);

    /// <summary>Whether the ticket waits in the queue, and whether the index holds its own row.</summary>
    private Task<(bool Queued, bool Indexed)> StateAsync(long id) => StateAsync(_host, id);

    internal static async Task<(bool Queued, bool Indexed)> StateAsync(AdminHost host, long id)
    {
        await using var db = host.Bot.CreateDbContext();
        var queued = await db.Database.SqlQueryRaw<long>($$"""SELECT count(*) AS "Value" FROM "{{SqliteTicketSearch.Queue}}" WHERE "TicketId" = {0}""", id).SingleAsync();
        var indexed = await db.Database.SqlQueryRaw<long>($$"""SELECT count(*) AS "Value" FROM "{{SqliteTicketSearch.Table}}" WHERE rowid = {0}""", -id).SingleAsync();
        return (queued == 1, indexed == 1);
    }

    private static async Task<List<string>> CodesAsync(StaffClient admin, string q) =>
        [.. RowCode().Matches(await admin.GetPageAsync("/admin?q=" + Uri.EscapeDataString(q))).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("data-code=\"([A-Z0-9]+)\"")]
    private static partial Regex RowCode();
}
