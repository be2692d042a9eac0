using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatIntake.Data;

/// <summary>
/// Copies the write-ahead log into the database file every few seconds, off the commit path (automatic checkpoints are
/// off, see <see cref="SqlitePragmas"/>). PASSIVE never blocks readers or writers; what it cannot copy now it copies next time.
/// </summary>
internal sealed class WalCheckpointer(IDbContextFactory<IntakeDbContext> contexts, IOptions<DatabaseOptions> database, TimeProvider time, ILogger<WalCheckpointer> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

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
                await CheckpointAsync("PASSIVE", stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping: one last complete checkpoint leaves a small WAL behind.
        }

        await CheckpointAsync("TRUNCATE", CancellationToken.None);
    }

    private async Task CheckpointAsync(string mode, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await db.Database.OpenConnectionAsync(cancellationToken);
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = $"PRAGMA wal_checkpoint({mode});";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "WAL checkpoint ({Mode}) failed; it is tried again in {Interval}", mode, Interval);
        }
    }
}
