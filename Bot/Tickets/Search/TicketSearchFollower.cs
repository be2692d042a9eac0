using ChatIntake.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatIntake.Tickets.Search;

/// <summary>
/// Indexes new tickets for search (SQLite) a few at a time, in the moments the turns leave the writer alone: the commit
/// that files a report only queues the ticket's id (<see cref="SqliteTicketSearch.Queue"/>), and a search catches up on
/// whatever is still waiting, so staff find a ticket the moment it exists. While turns are being written it waits for
/// them to pause, at most <see cref="SearchIndexOptions.MaxLag"/>: between two turn commits, a batch of its own would make
/// the next one wait. Once behind by that much it indexes a batch every <see cref="SearchIndexOptions.Quiet"/> while they
/// go on, and the rest at full speed when they stop.
/// </summary>
internal sealed class TicketSearchFollower(
    IDbContextFactory<IntakeDbContext> contexts, WriteGate writeGate, IOptions<DatabaseOptions> database, IOptions<SearchIndexOptions> pace, TimeProvider time,
    ILogger<TicketSearchFollower> logger)
    : BackgroundService
{
    /// <summary>Tickets a transaction indexes: about 2 ms of the writer, so a turn's commit that comes meanwhile waits little.</summary>
    public const int Batch = 32;

    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(200);

    /// <summary>How soon the follower looks again when tickets wait and another writer holds the gate.</summary>
    private static readonly TimeSpan WriterBusy = TimeSpan.FromMilliseconds(2);

    private TimeSpan Quiet => pace.Value.Quiet;

    /// <summary>When the follower found tickets waiting, since it last emptied the queue (a search may empty it first: the next batch then finds none); null when it was empty.</summary>
    private long? _queuedSince;

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
        if (_queuedSince is null)
        {
            if (!await SqliteTicketSearch.AnyQueuedAsync(db, cancellationToken))
            {
                return Idle;
            }

            _queuedSince = time.GetTimestamp();
        }

        if (YieldsToTurns)
        {
            return Quiet;
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
            if (await SqliteTicketSearch.IndexQueuedAsync(db, Batch, cancellationToken) == Batch)
            {
                // More wait. Behind with the turns still coming: a batch each pause, not the whole backlog at once between them.
                return writeGate.WasEnteredWithin(Quiet) ? Quiet : TimeSpan.Zero;
            }

            _queuedSince = null;
            return Idle;
        }
    }

    /// <summary>Tickets wait, but turns came through the gate just now and the oldest has not waited <see cref="SearchIndexOptions.MaxLag"/>.</summary>
    private bool YieldsToTurns =>
        _queuedSince is { } since && writeGate.WasEnteredWithin(Quiet) && time.GetElapsedTime(since) < pace.Value.MaxLag;
}
