using System.Data.Common;
using ChatIntake.Data;

namespace ChatIntake.Outbox;

/// <summary>
/// The dispatcher's delivery marks (sent, failed, when to retry) waiting to ride on the next turn commit, on SQLite,
/// where one process writes. Marked on their own, they held the one writer half a millisecond a round, just when the
/// next turns were ready to commit (intake benchmark, 6 December 2026); inside a turn commit they cost only their
/// updates. The dispatcher reads the queue again only once its marks are written, so nothing is sent twice; when no
/// turn commits soon, it writes them itself (<see cref="CommitWithAsync"/>, inside the write gate either way).
/// </summary>
public sealed class DeliveryMarks
{
    private readonly Lock _lock = new();
    private Batch _staged = new();

    /// <summary>Marks written by turn commits and by the dispatcher itself, since the start (tests and benchmarks read them).</summary>
    public long WrittenWithTurns { get; private set; }

    public long WrittenAlone { get; private set; }

    /// <summary>Stages the round's marks; the task completes once a commit holding them has committed.</summary>
    public Task Stage(IEnumerable<OutboxMessage> changed, IReadOnlyDictionary<long, string> unreachable)
    {
        lock (_lock)
        {
            _staged.Add(changed, unreachable);
            return _staged.Done.Task;
        }
    }

    /// <summary>
    /// Writes what is staged in the caller's transaction, then commits it with <paramref name="commit"/>: the marks are
    /// done if it commits, and go back for the next commit if anything fails. The caller holds the write gate, so a
    /// dispatcher that finds nothing staged knows a commit that took its marks has ended.
    /// </summary>
    internal async Task CommitWithAsync(DbConnection connection, DbTransaction transaction, Func<Task> commit, bool withTurns, CancellationToken cancellationToken)
    {
        var batch = TakeForWriting();
        try
        {
            if (batch is not null)
            {
                await WriteAsync(connection, transaction, batch, cancellationToken);
            }

            await commit();
        }
        catch when (batch is not null)
        {
            PutBack(batch);
            throw;
        }

        if (batch is not null)
        {
            Written(batch, withTurns);
        }
    }

    /// <summary>What is staged, for a commit about to be made inside the write gate; null when nothing is.</summary>
    internal Batch? TakeForWriting()
    {
        lock (_lock)
        {
            if (_staged.Messages.Count == 0 && _staged.Unreachable.Count == 0)
            {
                return null;
            }

            var taken = _staged;
            _staged = new Batch();
            return taken;
        }
    }

    /// <summary>The commit holding <paramref name="batch"/> committed: its rounds may read the queue again.</summary>
    internal void Written(Batch batch, bool withTurns)
    {
        lock (_lock)
        {
            if (withTurns)
            {
                WrittenWithTurns += batch.Messages.Count;
            }
            else
            {
                WrittenAlone += batch.Messages.Count;
            }
        }

        batch.Done.TrySetResult();
    }

    /// <summary>The commit holding <paramref name="batch"/> failed: its marks go back, ahead of any staged since, for the next commit.</summary>
    internal void PutBack(Batch batch)
    {
        lock (_lock)
        {
            batch.Add(_staged.Messages, _staged.Unreachable);
            var later = _staged.Done;
            _ = batch.Done.Task.ContinueWith(_ => later.TrySetResult(), TaskScheduler.Default);
            _staged = batch;
        }
    }

    /// <summary>Writes the marks in the caller's transaction, with prepared statements.</summary>
    internal static async Task WriteAsync(DbConnection connection, DbTransaction transaction, Batch batch, CancellationToken cancellationToken)
    {
        if (batch.Messages.Count > 0)
        {
            await using var update = PreparedSql.Create(connection, transaction,
                """
                UPDATE "Outbox" SET "State" = @state, "Attempts" = @attempts, "NotBefore" = @notBefore, "SentAt" = @sentAt,
                    "ExternalMessageId" = @externalId, "LastError" = @error WHERE "Id" = @id
                """,
                "@state", "@attempts", "@notBefore", "@sentAt", "@externalId", "@error", "@id");
            if (connection is Microsoft.Data.Sqlite.SqliteConnection sqlite)
            {
                // Straight to SQLite's handle: a mark a message, on the one writer's time (SqliteStatement).
                using var marks = SqliteStatement.For(sqlite, update);
                foreach (var message in batch.Messages)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    marks.Bind(0, (long)message.State).Bind(1, message.Attempts).Bind(2, message.NotBefore.ToUnixTimeMilliseconds())
                        .Bind(3, message.SentAt?.ToUnixTimeMilliseconds()).Bind(4, message.ExternalMessageId).Bind(5, message.LastError).Bind(6, message.Id).Execute();
                }
            }
            else
            {
                foreach (var message in batch.Messages)
                {
                    await update.Bind((int)message.State, message.Attempts, message.NotBefore.ToUnixTimeMilliseconds(), message.SentAt?.ToUnixTimeMilliseconds(),
                        message.ExternalMessageId, message.LastError, message.Id).ExecuteNonQueryAsync(cancellationToken);
                }
            }
        }

        if (batch.Unreachable.Count > 0)
        {
            await using var citizen = PreparedSql.Create(connection, transaction,
                """UPDATE "Citizens" SET "Reachable" = @reachable, "UnreachableReason" = @reason WHERE "Id" = @id""", "@reachable", "@reason", "@id");
            foreach (var (citizenId, reason) in batch.Unreachable)
            {
                await citizen.Bind(false, reason, citizenId).ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }

    /// <summary>Marks taken together into one commit, and the rounds waiting for them.</summary>
    internal sealed class Batch
    {
        public List<OutboxMessage> Messages { get; } = [];

        public Dictionary<long, string> Unreachable { get; } = [];

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Add(IEnumerable<OutboxMessage> messages, IReadOnlyDictionary<long, string> unreachable)
        {
            Messages.AddRange(messages);
            foreach (var (citizenId, reason) in unreachable)
            {
                Unreachable[citizenId] = reason;
            }
        }
    }
}
