using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using ChatIntake.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ChatIntake.Channels.Telegram;

/// <summary>
/// One poller per bot across instances on PostgreSQL: two getUpdates callers with one token would conflict (Telegram
/// answers 409) and split the bot's updates between them. The instance whose own database session holds the bot's
/// advisory lock polls; the others stand by, asking every second, and take over when that session ends (a stop, a
/// crash, a lost connection). The lock is keyed by the channel and a hash of the token, so separate bots poll
/// separately. On SQLite this process is the only one and always polls.
/// </summary>
public sealed class PollerElection(IDbContextFactory<IntakeDbContext> contexts, IOptions<DatabaseOptions> database, TimeProvider time, ILogger<PollerElection> logger)
{
    /// <summary>How often a standing-by instance asks for the lock, and how often the poller checks its session.</summary>
    public static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(1);

    /// <summary>Returns once this instance may poll the bot: at once on SQLite, on PostgreSQL when it holds the bot's lock.</summary>
    public async Task<PollingTurn> WaitForTurnAsync(string channel, string token, CancellationToken cancellationToken)
    {
        if (!database.Value.IsPostgres)
        {
            return new PollingTurn();
        }

        var key = LockKey(channel, token);
        var stoodBy = false;
        while (true)
        {
            if (await TryTakeAsync(key, channel, cancellationToken) is { } session)
            {
                logger.Log(stoodBy ? LogLevel.Warning : LogLevel.Information,
                    stoodBy ? "{Bot}: the instance that polled for this bot is gone; this instance polls now" : "{Bot}: this instance polls for the bot", channel);
                return new PollingTurn(session, CheckEvery, time, ex =>
                    logger.LogWarning(ex, "{Bot}: lost the database session that made this instance the poller; stopping polling and standing by", channel));
            }

            if (!stoodBy)
            {
                logger.LogInformation("{Bot}: another instance is polling for this bot; this one stands by and takes over when it stops", channel);
                stoodBy = true;
            }

            await Task.Delay(CheckEvery, time, cancellationToken);
        }
    }

    /// <summary>The lock's key: the channel and the token hashed (never the token itself: pg_locks is readable by others).</summary>
    internal static long LockKey(string channel, string token) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes($"chatintake-poller\n{channel}\n{token}")));

    private async Task<NpgsqlConnection?> TryTakeAsync(long key, string channel, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);

        // Its own session, outside the pool: the lock lives exactly as long as this connection.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false, KeepAlive = 5 }.ConnectionString);
        var taken = false;
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var take = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
            take.Parameters.AddWithValue("key", key);
            taken = await take.ExecuteScalarAsync(cancellationToken) is true;
        }
        catch (NpgsqlException ex)
        {
            logger.LogWarning(ex, "{Bot}: could not ask whether this instance may poll; asking again in {Interval}", channel, CheckEvery);
        }
        finally
        {
            if (!taken)
            {
                await connection.DisposeAsync();
            }
        }

        return taken ? connection : null;
    }
}
