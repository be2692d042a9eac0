using ChatIntake.Channels.DirectLine;
using ChatIntake.Data;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Privacy;

/// <summary>
/// /mydata and /forget for one citizen's turn. Like the ticket desk it only stages in the turn's context; the turn's
/// commit erases everything at once, with the reply that says so, and then deletes the chat and the citizen row
/// (see <see cref="Erased"/>).
/// </summary>
public sealed class CitizenDataDesk(
    IntakeDbContext db,
    long citizenId,
    TicketWorkflow workflow,
    PlaceholderCitizen placeholder,
    CitizenDataExport export,
    TimeProvider time) : ICitizenDataDesk
{
    /// <summary>Set once the erasure is staged: the turn's commit then deletes the citizen's chats and the citizen.</summary>
    public bool Erased { get; private set; }

    public Task<CitizenDataSummary> DescribeAsync(CancellationToken cancellationToken) => export.SummaryAsync(db, citizenId, cancellationToken);

    public async Task<ErasureOutcome> EraseAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var nobody = await placeholder.GetIdAsync(cancellationToken);
        var tickets = await db.Tickets.Include(t => t.Events).Include(t => t.Attachments).Where(t => t.CitizenId == citizenId).ToListAsync(cancellationToken);
        var open = new List<string>();
        var closed = 0;
        foreach (var ticket in tickets)
        {
            workflow.ForgetReporter(db, ticket, nobody, now);
            if (ticket.Status.IsOpen())
            {
                // The city still works on it: its place and photos stay, nobody can be written to about it.
                open.Add(ticket.TrackingCode);
            }
            else
            {
                await workflow.AnonymiseAsync(db, ticket, nobody, now, cancellationToken);
                closed++;
            }
        }

        // Followed tickets are other people's: only the link to this citizen goes.
        db.TicketFollowers.RemoveRange(await db.TicketFollowers.Where(f => f.CitizenId == citizenId).ToListAsync(cancellationToken));
        db.Outbox.RemoveRange(await db.Outbox.Where(m => m.CitizenId == citizenId).ToListAsync(cancellationToken));
        var chats = await db.Conversations.AsNoTracking().Where(c => c.CitizenId == citizenId).Select(c => new { c.Channel, c.ExternalChatId }).ToListAsync(cancellationToken);
        foreach (var chat in chats)
        {
            // Processed updates keep their keys (a redelivery must stay a no-op until the inbox's own retention) but lose their words.
            foreach (var update in await db.Inbox.Where(m => m.Channel == chat.Channel && m.ExternalChatId == chat.ExternalChatId && m.ProcessedAt != null && m.Payload != "{}").ToListAsync(cancellationToken))
            {
                update.Payload = "{}";
            }
            if (chat.Channel == WebChatChannel.ChannelName)
            {
                await ForgetWebChatAsync(chat.ExternalChatId, now, cancellationToken);
            }
        }

        foreach (var staff in await db.Staff.Where(s => s.LinkedCitizenId == citizenId).ToListAsync(cancellationToken))
        {
            staff.LinkedCitizenId = null;
        }

        Erased = true;
        return new ErasureOutcome(open, closed, now);
    }

    /// <summary>The web chat's log goes; its conversation row (a random id) stays so the reply can be shown, and idles out.</summary>
    private async Task ForgetWebChatAsync(string conversationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        db.WebChatActivities.RemoveRange(await db.WebChatActivities.Where(a => a.ConversationId == conversationId).ToListAsync(cancellationToken));
        var uploads = await db.WebChatUploads.Where(u => u.ConversationId == conversationId && !db.Attachments.Any(a => a.ChannelFileId == u.Id)).ToListAsync(cancellationToken);
        foreach (var upload in uploads)
        {
            db.PendingFileDeletions.Add(new PendingFileDeletion { StoredPath = upload.StoredPath, CreatedAt = now });
        }

        db.WebChatUploads.RemoveRange(uploads);
    }
}
