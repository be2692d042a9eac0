using System.Globalization;
using ChatIntake.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ChatIntake.Conversations;

/// <summary>
/// A conversation's turns one at a time and in arrival order across instances on PostgreSQL, where a citizen's
/// updates may reach any instance: the turn's transaction holds an advisory lock on its conversation, and under it
/// runs the conversation's earliest update not yet done — its own, or one another instance stored earlier and has not
/// turned yet (or never will: it died). The update that was displaced runs next.
/// </summary>
internal static class ConversationOrder
{
    // The two-key form of advisory locks: its key space does not overlap the single-key locks used elsewhere.
    private const int LockSpace = 7137;

    /// <summary>Locks the batch's conversations in the open transaction; what to run now, and what to run right after.</summary>
    public static async Task<(List<QueuedTurn> Run, List<QueuedTurn> PutBack)> LockAsync(IntakeDbContext db, IReadOnlyList<QueuedTurn> batch, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction() ?? throw new InvalidOperationException("Conversation locks live in a transaction.");

        // Always in one order, so two instances locking overlapping batches cannot deadlock.
        var keys = batch.Select(t => t.Key).Distinct()
            .OrderBy(k => k.Channel, StringComparer.Ordinal).ThenBy(k => k.ChatId, StringComparer.Ordinal);
        await using (var take = PreparedSql.Create(connection, transaction, $"SELECT pg_advisory_xact_lock({LockSpace}, hashtext(@key))", "@key"))
        {
            foreach (var key in keys)
            {
                await take.Bind(key.Channel + "\n" + key.ChatId).ExecuteNonQueryAsync(cancellationToken);
            }
        }

        var run = new List<QueuedTurn>(batch.Count);
        var putBack = new List<QueuedTurn>();
        await using var earliest = PreparedSql.Create(connection, transaction,
            """
            SELECT "Id" FROM "Inbox"
            WHERE "Channel" = @channel AND "ExternalChatId" = @chat AND "ProcessedAt" IS NULL AND "Id" <= @id
            ORDER BY "Id" LIMIT 1
            """, "@channel", "@chat", "@id");
        foreach (var turn in batch)
        {
            var first = await earliest.Bind(turn.Key.Channel, turn.Key.ChatId, turn.InboxId).ExecuteScalarAsync(cancellationToken);
            if (first is null or DBNull)
            {
                continue; // already turned by another instance
            }

            var id = Convert.ToInt64(first, CultureInfo.InvariantCulture);
            if (id == turn.InboxId)
            {
                run.Add(turn);
            }
            else
            {
                run.Add(new QueuedTurn(turn.Key, id, null));
                putBack.Add(turn);
            }
        }

        return (run, putBack);
    }
}
