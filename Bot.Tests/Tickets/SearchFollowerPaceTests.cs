using ChatIntake.Data;
using ChatIntake.Tests.Admin;
using ChatIntake.Tests.Infrastructure;
using ChatIntake.Tickets.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ChatIntake.Tests.Tickets;

/// <summary>
/// The follower fits its indexing between the turns' commits: it waits for the writers to pause, at most the lag, and
/// once behind goes a batch each pause. Each test has a host of its own with a 1 s quiet period, so a loaded machine's
/// stalls between the test's writers never pass for a pause.
/// </summary>
[Trait("Database", "SqliteOnly")] // the follower is SQLite's: PostgreSQL's triggers index a ticket in the commit that stores it
public sealed class SearchFollowerPaceTests
{
    [Fact]
    public async Task The_follower_waits_for_the_writers_to_pause_before_it_indexes()
    {
        // A long quiet period, so a busy machine's pauses between the writers below never look like one.
        await WithPacedHostAsync(quiet: TimeSpan.FromSeconds(1), maxLag: TimeSpan.FromMinutes(1), async host =>
        {
            using var turns = new CancellationTokenSource();
            var writing = KeepWritingAsync(host.Bot.Service<WriteGate>(), turns.Token);
            var (id, _, _) = await host.FileTicketAsync("busy", description: "The crossing light by the school flickers all night.");

            // Writers come through the gate every few milliseconds: between them it is free, but the follower leaves it to them.
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            Assert.Equal((true, false), await SearchFollowerTests.StateAsync(host, id));

            await turns.CancelAsync();
            await writing;
            await Eventually.UntilAsync(() => SearchFollowerTests.StateAsync(host, id), state => state == (false, true), "the follower indexed the ticket once the writers paused");
        });
    }

    [Fact]
    public async Task A_report_waits_no_longer_than_the_lag_however_busy_the_writers()
    {
        var maxLag = TimeSpan.FromSeconds(2);
        await WithPacedHostAsync(quiet: TimeSpan.FromSeconds(1), maxLag, async host =>
        {
            using var turns = new CancellationTokenSource();
            var writing = KeepWritingAsync(host.Bot.Service<WriteGate>(), turns.Token);
            try
            {
                var (id, _, _) = await host.FileTicketAsync("overdue", description: "The pedestrian bridge handrail came loose.");
                var filed = System.Diagnostics.Stopwatch.StartNew();

                await Eventually.UntilAsync(() => SearchFollowerTests.StateAsync(host, id), state => state == (false, true), "the follower indexed the ticket between the writers", maxLag * 4);
                Assert.False(writing.IsCompleted, "the writers were still busy");
                Assert.True(filed.Elapsed >= maxLag / 2, $"indexed after {filed.Elapsed}, before the writers paused or the lag ran out");
            }
            finally
            {
                await turns.CancelAsync();
                await writing;
            }
        });
    }

    [Fact]
    public async Task Behind_while_the_writers_go_on_it_indexes_a_batch_each_pause_not_the_backlog_at_once()
    {
        var quiet = TimeSpan.FromSeconds(1);
        await WithPacedHostAsync(quiet, maxLag: TimeSpan.FromSeconds(2), async host =>
        {
            var follower = host.Bot.Services.GetServices<IHostedService>().OfType<TicketSearchFollower>().Single();
            await follower.StopAsync(CancellationToken.None);
            // More than one batch waiting.
            await Task.WhenAll(Enumerable.Range(0, TicketSearchFollower.Batch + 8).Select(i => host.FileTicketAsync($"backlog-{i}")));
            Assert.Equal(TicketSearchFollower.Batch + 8, await QueuedAsync(host));

            using var turns = new CancellationTokenSource();
            var writing = KeepWritingAsync(host.Bot.Service<WriteGate>(), turns.Token);
            try
            {
                await follower.StartAsync(CancellationToken.None);
                var first = await Eventually.UntilAsync(() => QueuedAsync(host), queued => queued < TicketSearchFollower.Batch + 8, "the first batch after the lag");
                var firstAt = System.Diagnostics.Stopwatch.StartNew();
                Assert.Equal(8, first);
                await Eventually.UntilAsync(() => QueuedAsync(host), queued => queued == 0, "the rest, a pause later");
                Assert.True(firstAt.Elapsed >= quiet * 0.6, $"the second batch came {firstAt.Elapsed.TotalMilliseconds} ms after the first");
            }
            finally
            {
                await turns.CancelAsync();
                await writing;
            }
        });
    }

    /// <summary>Runs <paramref name="test"/> on a host of its own whose follower paces itself as given.</summary>
    private static async Task WithPacedHostAsync(TimeSpan quiet, TimeSpan maxLag, Func<AdminHost, Task> test)
    {
        var host = new AdminHost(browser: false, new Dictionary<string, string?>
        {
            ["SearchIndex:Quiet"] = quiet.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            ["SearchIndex:MaxLag"] = maxLag.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        }, BotApplicationFactory.ServicesMayBeStopped);
        await host.InitializeAsync();
        try
        {
            await test(host);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    private static async Task<int> QueuedAsync(AdminHost host)
    {
        await using var db = host.Bot.CreateDbContext();
        return (int)await db.Database.SqlQueryRaw<long>($$"""SELECT count(*) AS "Value" FROM "{{SqliteTicketSearch.Queue}}" """).SingleAsync();
    }

    /// <summary>A writer through the gate every few milliseconds, as turn commits under load, until cancelled.</summary>
    private static async Task KeepWritingAsync(WriteGate gate, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            using (await gate.EnterAsync(CancellationToken.None))
            {
            }

            try
            {
                await Task.Delay(5, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
