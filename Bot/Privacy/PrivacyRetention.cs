using ChatIntake.Data;
using ChatIntake.Outbox;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatIntake.Privacy;

/// <summary>
/// Removes personal data by age (Privacy:*): closed tickets are anonymised one ticket per transaction, their files deleted
/// after the commit from a durable list, so a run stopped anywhere leaves each ticket either untouched or finished and a
/// run repeated finishes the rest. Then citizens with nothing left and no recent chat are erased, delivered messages lose
/// their words and chat id, and old audit entries go. Processed updates (FollowUps:KeepProcessedUpdatesFor) and web chat
/// logs (DirectLine:KeepIdleConversationsFor) have their own owners.
/// </summary>
public sealed class PrivacyRetention(
    IDbContextFactory<IntakeDbContext> contexts,
    TicketWorkflow workflow,
    PlaceholderCitizen placeholder,
    StoredFileEraser files,
    WriteGate writeGate,
    IOptions<PrivacyOptions> options,
    TimeProvider time,
    ILogger<PrivacyRetention> logger)
{
    private const int RowBatch = 5000;

    /// <summary>Raised with a ticket's id after its anonymisation is staged, before its commit (tests break a run here).</summary>
    public event Action<long>? TicketStaged;

    /// <summary>Raised with a ticket's id after its commit, before its files are deleted (tests break a run here too).</summary>
    public event Action<long>? TicketCommitted;

    public async Task<PrivacyRetentionCounts> RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.RetentionEnabled)
        {
            return new PrivacyRetentionCounts(0, 0, 0, 0, 0);
        }

        var now = time.GetUtcNow();
        // Files listed by an earlier run (or a redaction, or an erasure) that stopped before deleting them.
        var deleted = await files.DeletePendingAsync(cancellationToken);
        var (tickets, ticketFiles) = await AnonymiseClosedTicketsAsync(now - settings.AnonymiseClosedAfter, now, cancellationToken);
        var counts = new PrivacyRetentionCounts(
            tickets,
            await EraseInactiveCitizensAsync(now - settings.AnonymiseClosedAfter, cancellationToken),
            await ClearDeliveredPayloadsAsync(now - settings.KeepDeliveredOutboxFor, cancellationToken),
            await DeleteOldAuditAsync(now - settings.KeepAuditFor, cancellationToken),
            deleted + ticketFiles);
        if (counts.Total > 0)
        {
            logger.LogInformation("Privacy retention: {Tickets} tickets anonymised, {Citizens} inactive citizens erased, {Payloads} message payloads cleared, {Audit} audit entries and {Files} files deleted",
                counts.Tickets, counts.Citizens, counts.OutboxPayloads, counts.AuditEntries, counts.Files);
        }

        return counts;
    }

    private async Task<(int Tickets, int Files)> AnonymiseClosedTicketsAsync(DateTimeOffset closedBefore, DateTimeOffset now, CancellationToken cancellationToken)
    {
        List<long> due;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            due = await db.Tickets.AsNoTracking().Where(t => t.ClosedAt != null && t.ClosedAt < closedBefore && t.AnonymisedAt == null)
                .OrderBy(t => t.ClosedAt).Select(t => t.Id).Take(options.Value.BatchSize).ToListAsync(cancellationToken);
        }

        var done = 0;
        var deleted = 0;
        if (due.Count == 0)
        {
            return (done, deleted);
        }

        // Made only when a ticket needs it: a quiet database gets no placeholder row.
        var nobody = await placeholder.GetIdAsync(cancellationToken);
        foreach (var id in due)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            // Read again: reopened or already done since the list was made means nothing to do.
            var ticket = await db.Tickets.Include(t => t.Events).Include(t => t.Attachments)
                .FirstOrDefaultAsync(t => t.Id == id && t.ClosedAt != null && t.ClosedAt < closedBefore && t.AnonymisedAt == null, cancellationToken);
            if (ticket is null || TicketRules.IsOpen(ticket))
            {
                continue;
            }

            var change = await workflow.AnonymiseAsync(db, ticket, nobody, now, cancellationToken);
            TicketStaged?.Invoke(id);
            await workflow.CommitAsync(db, cancellationToken, change);
            done++;
            TicketCommitted?.Invoke(id);
            deleted += await files.DeletePendingAsync(cancellationToken);
        }

        return (done, deleted);
    }

    /// <summary>A citizen with no ticket and no follow left, not on staff, whose chats have been quiet since <paramref name="quietBefore"/>: nothing of theirs is needed.</summary>
    private async Task<int> EraseInactiveCitizensAsync(DateTimeOffset quietBefore, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var ids = await db.Citizens.AsNoTracking()
                .Where(c => !(c.Channel == PlaceholderCitizen.Channel && c.ExternalUserId == PlaceholderCitizen.UserId) && c.CreatedAt < quietBefore
                    && !db.Tickets.Any(t => t.CitizenId == c.Id)
                    && !db.TicketFollowers.Any(f => f.CitizenId == c.Id)
                    && !db.Staff.Any(s => s.LinkedCitizenId == c.Id)
                    && !db.Conversations.Any(v => v.CitizenId == c.Id && v.LastActivityAt >= quietBefore))
                .Select(c => c.Id).Take(options.Value.BatchSize).ToListAsync(cancellationToken);
            if (ids.Count == 0)
            {
                return 0;
            }

            await db.Outbox.Where(m => m.CitizenId != null && ids.Contains(m.CitizenId.Value) && m.State != OutboxState.Pending).ExecuteDeleteAsync(cancellationToken);
            await db.Conversations.Where(c => ids.Contains(c.CitizenId)).ExecuteDeleteAsync(cancellationToken);
            var erased = await db.Citizens.Where(c => ids.Contains(c.Id)).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return erased;
        }
    }

    /// <summary>Delivered and given-up messages keep their state (staff see whether a reply arrived), not their words or chat.</summary>
    private async Task<int> ClearDeliveredPayloadsAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            var ids = await db.Outbox.Where(m => m.State != OutboxState.Pending && m.CreatedAt < before && m.ExternalChatId != "")
                .OrderBy(m => m.Id).Select(m => m.Id).Take(RowBatch).ToListAsync(cancellationToken);
            return ids.Count == 0 ? 0 : await db.Outbox.Where(m => ids.Contains(m.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.Payload, "{}").SetProperty(m => m.ExternalChatId, "").SetProperty(m => m.LastError, (string?)null), cancellationToken);
        }
    }

    private async Task<int> DeleteOldAuditAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            var ids = await db.Audit.Where(a => a.CreatedAt < before).OrderBy(a => a.Id).Select(a => a.Id).Take(RowBatch).ToListAsync(cancellationToken);
            return ids.Count == 0 ? 0 : await db.Audit.Where(a => ids.Contains(a.Id)).ExecuteDeleteAsync(cancellationToken);
        }
    }
}
