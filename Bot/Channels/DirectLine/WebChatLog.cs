using System.Globalization;
using System.Text.Json.Nodes;
using ChatIntake.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Channels.DirectLine;

/// <summary>
/// Each conversation's activity log: the user's echoed messages and the bot's replies, numbered in order. The
/// watermark a client holds is the last number it has seen.
/// </summary>
public sealed class WebChatLog(IDbContextFactory<IntakeDbContext> contexts, WriteGate writeGate, TimeProvider time)
{
    private static readonly TimeSpan SeenEvery = TimeSpan.FromMinutes(1);

    public async Task<WebChatConversation?> FindAsync(string conversationId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.WebChatConversations.AsNoTracking().SingleOrDefaultAsync(c => c.Id == conversationId, cancellationToken);
    }

    /// <summary>The user's most recently active conversation, if any is left.</summary>
    public async Task<WebChatConversation?> LatestOfAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.WebChatConversations.AsNoTracking().Where(c => c.UserId == userId)
            .OrderByDescending(c => c.LastActivityAt).ThenByDescending(c => c.CreatedAt).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The conversation, created when this token's conversation is seen for the first time. True when created.</summary>
    public async Task<bool> EnsureAsync(DirectLineToken token, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        using (await writeGate.EnterAsync(cancellationToken))
        {
            // An upsert: a second request (or another instance) creating the same conversation at once is no error.
            return await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "WebChatConversations" ("Id", "UserId", "CreatedAt", "LastActivityAt", "NextSequence", "SeenWatermark")
                VALUES ({token.ConversationId}, {token.UserId}, {now}, {now}, 1, 0) ON CONFLICT ("Id") DO NOTHING
                """, cancellationToken) == 1;
        }
    }

    /// <summary>
    /// Appends an activity built for its id and time. A client activity id seen before returns the earlier entry
    /// instead, so a resent post is one message.
    /// </summary>
    public async Task<(string Id, bool Added)> AppendAsync(string conversationId, string? clientActivityId, Func<string, DateTimeOffset, JsonObject> build, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            var now = time.GetUtcNow();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

            // Taking the next number locks the conversation's row until the commit: posts to one conversation from
            // several requests (or instances, on PostgreSQL) queue here instead of taking the same number.
            var taken = await db.Database.SqlQuery<long>($"""
                UPDATE "WebChatConversations" SET "NextSequence" = "NextSequence" + 1, "LastActivityAt" = {now.ToUnixTimeMilliseconds()}
                WHERE "Id" = {conversationId} RETURNING "NextSequence" - 1 AS "Value"
                """).ToListAsync(cancellationToken);
            if (taken.Count == 0)
            {
                throw new InvalidOperationException($"No web chat conversation {conversationId}");
            }

            if (clientActivityId is not null &&
                await db.WebChatActivities.AsNoTracking().Where(a => a.ConversationId == conversationId && a.ClientActivityId == clientActivityId)
                    .Select(a => a.Sequence).FirstOrDefaultAsync(cancellationToken) is > 0 and var earlier)
            {
                await transaction.RollbackAsync(cancellationToken); // the number taken goes back
                return (ActivityId(conversationId, earlier), false);
            }

            var sequence = taken[0];
            var id = ActivityId(conversationId, sequence);
            db.WebChatActivities.Add(new WebChatActivity
            {
                ConversationId = conversationId,
                Sequence = sequence,
                ClientActivityId = clientActivityId,
                Json = build(id, now).ToJsonString(),
                CreatedAt = now,
            });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (id, true);
        }
    }

    /// <summary>
    /// The page read the log holding <paramref name="watermark"/> (what it already has, capped at what exists): noted when
    /// it acknowledges something new, else at most once a minute, so a poll is no write.
    /// </summary>
    public async Task SeenAsync(WebChatConversation conversation, long watermark, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var acknowledged = Math.Min(watermark, conversation.NextSequence - 1);
        if (acknowledged <= conversation.SeenWatermark && conversation.LastSeenAt is { } seen && now - seen < SeenEvery)
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            await db.WebChatConversations.Where(c => c.Id == conversation.Id).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.LastSeenAt, now)
                .SetProperty(c => c.SeenWatermark, c => c.SeenWatermark < acknowledged ? acknowledged : c.SeenWatermark), cancellationToken);
        }
    }

    /// <summary>Everything after <paramref name="watermark"/>, oldest first, with the new watermark.</summary>
    public async Task<(IReadOnlyList<string> Activities, long Watermark)> ReadAsync(string conversationId, long watermark, int limit, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var page = await db.WebChatActivities.AsNoTracking()
            .Where(a => a.ConversationId == conversationId && a.Sequence > watermark)
            .OrderBy(a => a.Sequence).Take(limit)
            .Select(a => new { a.Sequence, a.Json })
            .ToListAsync(cancellationToken);
        return ([.. page.Select(p => p.Json)], page.Count > 0 ? page[^1].Sequence : watermark);
    }

    /// <summary>Azure's shape: the conversation id, a bar, and a zero-padded number.</summary>
    public static string ActivityId(string conversationId, long sequence) =>
        $"{conversationId}|{sequence.ToString("D7", CultureInfo.InvariantCulture)}";
}
