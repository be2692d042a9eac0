using ChatIntake.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatIntake.Tickets.Search;

/// <summary>
/// Indexes new tickets for search (SQLite) a few at a time, and only while no one else writes: the commit that files a
/// report only queues the ticket's id (<see cref="SqliteTicketSearch.Queue"/>), and a search catches up on whatever is
/// still waiting, so staff find a ticket the moment it exists.
/// </summary>
internal sealed class TicketSearchFollower(
    IDbContextFactory<IntakeDbContext> contexts, WriteGate writeGate, IOptions<DatabaseOptions> database, TimeProvider time, ILogger<TicketSearchFollower> logger)
    : BackgroundService
{
    /// <summary>Tickets a transaction indexes: about 2 ms of the writer, so a turn's commit that comes meanwhile waits little.</summary>
    private const int Batch = 32;

    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(200);

    /// <summary>How soon the follower looks again when tickets wait and another writer holds the gate.</summary>
    private static readonly TimeSpan WriterBusy = TimeSpan.FromMilliseconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database.Value.IsPostgres)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await StepAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Indexing new tickets for search failed; trying again in {Interval}", Idle);
                wait = Idle;
            }

            try
            {
                await Task.Delay(wait, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<TimeSpan> StepAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await SqliteTicketSearch.AnyQueuedAsync(db, cancellationToken))
        {
            return Idle;
        }

        if (!writeGate.TryEnter(out var writing))
        {
            return WriterBusy;
        }

        using (writing)
        {
            // Derived data: a batch lost in a power cut leaves its tickets in the queue, committed with them, to index again.
            await db.Database.OpenConnectionAsync(cancellationToken);
            await PreparedSql.RelaxDurabilityAsync(db.Database.GetDbConnection(), cancellationToken);
            return await SqliteTicketSearch.IndexQueuedAsync(db, Batch, cancellationToken) == Batch ? TimeSpan.Zero : Idle;
        }
    }
}
