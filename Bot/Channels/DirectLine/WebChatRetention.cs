using ChatIntake.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatIntake.Channels.DirectLine;

/// <summary>
/// Deletes what the web chat no longer needs: uploads no ticket took, after DirectLine:KeepUnattachedUploadsFor, with
/// their files; conversations idle for DirectLine:KeepIdleConversationsFor, with their activity logs. A file on a
/// ticket is the ticket's (its attachment points at it) and is never deleted here. Bounded batches per run: the one
/// writer is shared with the turns, and a backlog clears over a few runs.
/// </summary>
public sealed class WebChatRetention(
    IDbContextFactory<IntakeDbContext> contexts,
    WebChatFiles files,
    WriteGate writeGate,
    IOptions<DirectLineOptions> options,
    TimeProvider time,
    ILogger<WebChatRetention> logger)
{
    private const int Batch = 500;

    public async Task<WebChatRetentionCounts> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var uploads = await DeleteUnattachedUploadsAsync(now - options.Value.KeepUnattachedUploadsFor, cancellationToken);
        var (conversations, activities, ofConversations) = await DeleteIdleConversationsAsync(now - options.Value.KeepIdleConversationsFor, cancellationToken);
        var counts = new WebChatRetentionCounts(uploads + ofConversations, conversations, activities);
        if (counts.Total > 0)
        {
            logger.LogInformation("Web chat retention: {Uploads} uploads, {Conversations} idle conversations and {Activities} activities deleted",
                counts.Uploads, counts.Conversations, counts.Activities);
        }

        return counts;
    }

    private async Task<int> DeleteUnattachedUploadsAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stale = await db.WebChatUploads.AsNoTracking()
            .Where(u => u.CreatedAt < before && !db.Attachments.Any(a => a.ChannelFileId == u.Id))
            .OrderBy(u => u.CreatedAt).Take(Batch).ToListAsync(cancellationToken);
        return await files.DeleteAsync(stale, cancellationToken);
    }

    private async Task<(int Conversations, int Activities, int Uploads)> DeleteIdleConversationsAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var idle = await db.WebChatConversations.AsNoTracking().Where(c => c.LastActivityAt < before)
            .OrderBy(c => c.LastActivityAt).Select(c => c.Id).Take(Batch).ToListAsync(cancellationToken);
        if (idle.Count == 0)
        {
            return (0, 0, 0);
        }

        // Their files no ticket took go with them; the rows of files on tickets go, the files stay with the tickets.
        var unattached = await db.WebChatUploads.AsNoTracking()
            .Where(u => idle.Contains(u.ConversationId) && !db.Attachments.Any(a => a.ChannelFileId == u.Id))
            .ToListAsync(cancellationToken);
        var uploads = await files.DeleteAsync(unattached, cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Checked again inside the write: a conversation that spoke since the look above stays.
            var still = await db.WebChatConversations.Where(c => idle.Contains(c.Id) && c.LastActivityAt < before).Select(c => c.Id).ToListAsync(cancellationToken);
            var activities = await db.WebChatActivities.Where(a => still.Contains(a.ConversationId)).ExecuteDeleteAsync(cancellationToken);
            await db.WebChatUploads.Where(u => still.Contains(u.ConversationId)).ExecuteDeleteAsync(cancellationToken);
            var conversations = await db.WebChatConversations.Where(c => still.Contains(c.Id)).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (conversations, activities, uploads);
        }
    }
}
