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

        // One statement for the batch, each key's lock taken in one order, so two instances locking overlapping batches
        // cannot deadlock (and were the server to order them otherwise, it would end one of them with an error: the
        // batch is then tried again).
        var keys = batch.Select(t => t.Key.Channel + "\n" + t.Key.ChatId).Distinct().Order(StringComparer.Ordinal).ToArray();
        await using (var take = PreparedSql.Create(connection, transaction,
            $"SELECT count(pg_advisory_xact_lock({LockSpace}, hashtext(k))) FROM (SELECT k FROM unnest(@keys) AS k ORDER BY k COLLATE \"C\") AS ordered", "@keys"))
        {
            object all = keys;
            await take.Bind(all).ExecuteScalarAsync(cancellationToken);
        }

        // Each conversation's earliest update not yet turned, in one statement. For a turn of the batch it is either
        // the turn's own update, an earlier one (another instance stored it first), or a later one (the turn's own was
        // turned already, by another instance).
        var earliest = new Dictionary<ConversationKey, long>();
        await using (var first = PreparedSql.Create(connection, transaction,
            """
            SELECT DISTINCT ON (i."Channel", i."ExternalChatId") i."Channel", i."ExternalChatId", i."Id"
            FROM unnest(@channels, @chats) AS k("Channel", "ExternalChatId")
            JOIN "Inbox" AS i ON i."Channel" = k."Channel" AND i."ExternalChatId" = k."ExternalChatId" AND i."ProcessedAt" IS NULL
            ORDER BY i."Channel", i."ExternalChatId", i."Id"
            """, "@channels", "@chats"))
        {
            var distinct = batch.Select(t => t.Key).Distinct().ToArray();
            object channels = distinct.Select(k => k.Channel).ToArray(), chats = distinct.Select(k => k.ChatId).ToArray();
            await using var reader = await first.Bind(channels, chats).ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                earliest[new ConversationKey(reader.GetString(0), reader.GetString(1))] = reader.GetInt64(2);
            }
        }

        var run = new List<QueuedTurn>(batch.Count);
        var putBack = new List<QueuedTurn>();
        foreach (var turn in batch)
        {
            if (!earliest.TryGetValue(turn.Key, out var id) || id > turn.InboxId)
            {
                continue; // already turned by another instance
            }

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
