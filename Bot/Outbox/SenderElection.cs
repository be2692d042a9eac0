using ChatIntake.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ChatIntake.Outbox;

/// <summary>
/// One sender for the outbox across instances on PostgreSQL: the instance whose session holds an advisory lock
/// dispatches, the others stand by and take over when that session ends (a stop, a crash, a lost connection). So each
/// chat's order and the messengers' per-chat and per-bot pace (<see cref="DeliveryPace"/>) hold for the bot as a whole,
/// not per instance. What a dead sender sent but had not marked goes out again from its successor, as after any crash.
/// On SQLite this process is the only one and always the sender.
/// </summary>
public sealed class SenderElection(IDbContextFactory<IntakeDbContext> contexts, IOptions<DatabaseOptions> database, TimeProvider time, ILogger<SenderElection> logger)
    : IAsyncDisposable
{
    /// <summary>How long a standing-by instance waits before asking again whether the sender is gone.</summary>
    public static readonly TimeSpan StandbyInterval = TimeSpan.FromSeconds(1);

    private const long LockKey = 7137003;
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private NpgsqlConnection? _held;
    private long _checkedAt;
    private long _triedAt;

    /// <summary>Whether this instance is the sender now.</summary>
    public bool IsSender => !database.Value.IsPostgres || _held is not null;

    /// <summary>True when this instance is (or has just become) the sender; its hold is checked at most once a second.</summary>
    public async Task<bool> HoldAsync(CancellationToken cancellationToken)
    {
        if (!database.Value.IsPostgres)
        {
            return true;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_held is not null)
            {
                if (time.GetElapsedTime(_checkedAt) < CheckEvery)
                {
                    return true;
                }

                try
                {
                    await using var check = new NpgsqlCommand("SELECT 1", _held);
                    await check.ExecuteScalarAsync(cancellationToken);
                    _checkedAt = time.GetTimestamp();
                    return true;
                }
                catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
                {
                    logger.LogWarning(ex, "Lost the outbox sender's database session; standing by until the lock is free again");
                    await DropAsync();
                }
            }

            return await TryTakeAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<bool> TryTakeAsync(CancellationToken cancellationToken)
    {
        // New messages wake the dispatcher often; a standing-by instance still asks only once per interval.
        if (_triedAt != 0 && time.GetElapsedTime(_triedAt) < StandbyInterval)
        {
            return false;
        }

        _triedAt = time.GetTimestamp();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        // Its own session, outside the pool: the lock lives exactly as long as this connection.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false, KeepAlive = 5 }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var take = new NpgsqlCommand($"SELECT pg_try_advisory_lock({LockKey})", connection);
            if (await take.ExecuteScalarAsync(cancellationToken) is true)
            {
                _held = connection;
                _checkedAt = time.GetTimestamp();
                logger.LogInformation("This instance is now the outbox sender");
                return true;
            }
        }
        catch (NpgsqlException ex)
        {
            logger.LogWarning(ex, "Could not ask whether this instance may send the outbox; asking again in {Interval}", StandbyInterval);
        }

        await connection.DisposeAsync();
        return false;
    }

    private async Task DropAsync()
    {
        if (_held is not null)
        {
            await _held.DisposeAsync();
            _held = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await DropAsync();
        _gate.Dispose();
    }
}
