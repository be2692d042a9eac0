using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatIntake.Data;

/// <summary>
/// Copies the write-ahead log into the database file every second, off the commit path (automatic checkpoints are
/// off, see <see cref="SqlitePragmas"/>). PASSIVE never blocks readers or writers. But under steady traffic some reader
/// always holds a snapshot in the log, so SQLite never starts the log over and it grows without end (700 MB in 20 s of
/// the intake benchmark), every new frame extending the file. So once the log passes <see cref="RewindFrames"/>
/// frames, a RESTART follows the passive passes inside the write gate: it copies what was committed since, waits out the
/// readers still in the log, and the next commit writes from the log's start again. It waits at most
/// <see cref="RewindWait"/>: a reader that holds its snapshot longer (one may be waiting for the gate itself) makes
/// it give up until the next second, rather than hold every writer back.
/// </summary>
internal sealed class WalCheckpointer(
    IDbContextFactory<IntakeDbContext> contexts, WriteGate writeGate, IOptions<DatabaseOptions> database, TimeProvider time, ILogger<WalCheckpointer> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>About 16 MB of 4 KB pages.</summary>
    internal const int RewindFrames = 4096;

    private const int RewindWait = 50;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (database.Value.IsPostgres)
        {
            return; // PostgreSQL checkpoints by itself
        }

        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await TickAsync((mode, wait) => CheckpointAsync(mode, stoppingToken, wait), async () => await writeGate.EnterAsync(stoppingToken));
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: one last complete checkpoint leaves a small WAL behind.
        }

        await CheckpointAsync("TRUNCATE", CancellationToken.None);
    }

    /// <summary>
    /// One second's checkpoint. Past the bound, a second passive pass first copies what was committed during the first
    /// (that pass takes tens of milliseconds at a busy intake's pace), still outside the gate: inside it, where every
    /// writer waits, the RESTART then has only the last few frames to copy and sync. Without it the gate was held 20–67 ms
    /// a second, the intake's slowest turns (README, issue 19).
    /// </summary>
    internal static async Task TickAsync(Func<string, int?, Task<long?>> checkpoint, Func<Task<IDisposable>> enterWriteGate)
    {
        if (await checkpoint("PASSIVE", null) < RewindFrames)
        {
            return;
        }

        await checkpoint("PASSIVE", null);
        using var writing = await enterWriteGate();
        await checkpoint("RESTART", RewindWait);
    }

    /// <summary>The frames in the log; null when the checkpoint failed.</summary>
    private async Task<long?> CheckpointAsync(string mode, CancellationToken cancellationToken, int? busyTimeoutMs = null)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await db.Database.OpenConnectionAsync(cancellationToken);
            await using var command = db.Database.GetDbConnection().CreateCommand();
            if (busyTimeoutMs is { } wait)
            {
                // The pooled connection gets the usual busy timeout back when it is next opened (SqlitePragmas).
                command.CommandText = $"PRAGMA busy_timeout={wait};";
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            command.CommandText = $"PRAGMA wal_checkpoint({mode});";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken) ? reader.GetInt64(1) : null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "WAL checkpoint ({Mode}) failed; it is tried again in {Interval}", mode, Interval);
            return null;
        }
    }
}
