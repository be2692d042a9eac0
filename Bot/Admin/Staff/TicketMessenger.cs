using System.Globalization;
using ChatIntake.Admin.Audit;
using ChatIntake.Conversations;
using ChatIntake.Data;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;
using ChatIntake.Outbox;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Admin.Staff;

/// <summary>
/// Saves a staff action on a ticket in one transaction: the change, its event, the audit entry and the outbox
/// messages that tell the citizens; then wakes the dispatcher. Nothing reaches a citizen outside the outbox.
/// </summary>
public sealed class TicketMessenger(WriteGate writeGate, OutboxSignal signal, AuditTrail audit, TextCatalog texts, CategoryCatalog categories, TimeProvider time)
{
    /// <summary>The ticket, event and other changes are tracked by <paramref name="db"/>; returns how many messages were queued.</summary>
    public async Task<int> SaveAsync(IntakeDbContext db, Ticket ticket, TicketEvent? entry, CitizenNotice? notice, string action, string? detail, CancellationToken cancellationToken)
    {
        await audit.AddAsync(db, action, ticket.Id, detail, cancellationToken);
        var queued = notice is null ? [] : await StageAsync(db, ticket, notice, cancellationToken);

        using (await writeGate.EnterAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            if (entry is not null && queued.FirstOrDefault(q => q.CitizenId == ticket.CitizenId) is { } own)
            {
                // The event shows the delivery state of the message that carried it to the reporter.
                entry.OutboxMessageId = own.Id;
                await db.SaveChangesAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        if (queued.Count > 0)
        {
            signal.Notify();
        }

        return queued.Count;
    }

    private async Task<List<OutboxMessage>> StageAsync(IntakeDbContext db, Ticket ticket, CitizenNotice notice, CancellationToken cancellationToken)
    {
        var citizenIds = new List<long> { ticket.CitizenId };
        if (notice.ToFollowers)
        {
            citizenIds.AddRange(await db.TicketFollowers.Where(f => f.TicketId == ticket.Id).Select(f => f.CitizenId).ToListAsync(cancellationToken));
        }

        var citizens = await db.Citizens.AsNoTracking().Where(c => citizenIds.Contains(c.Id)).ToListAsync(cancellationToken);
        var chats = await db.Conversations.AsNoTracking().Where(c => citizenIds.Contains(c.CitizenId))
            .OrderByDescending(c => c.LastActivityAt).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        var queued = new List<OutboxMessage>();
        foreach (var citizen in citizens)
        {
            // A phone caller has no chat; the latest chat on the citizen's own channel is where the bot talks to them.
            if (chats.FirstOrDefault(c => c.CitizenId == citizen.Id && c.Channel == citizen.Channel) is not { } chat)
            {
                continue;
            }

            var culture = IntakeCultures.FromLanguageCode(citizen.Language) ?? IntakeCultures.Persian;
            var own = citizen.Id == ticket.CitizenId;
            var message = new OutboxMessage
            {
                Channel = chat.Channel,
                ExternalChatId = chat.ExternalChatId,
                CitizenId = citizen.Id,
                TicketId = ticket.Id,
                Payload = ActivityJson.Serialize(Activity.Message(own ? notice.Text(culture) : FollowerText(ticket, culture))),
                State = OutboxState.Pending,
                Lane = own ? OutboxLane.Reply : OutboxLane.Notice,
                NotBefore = now,
                CreatedAt = now,
            };
            db.Outbox.Add(message);
            queued.Add(message);
        }

        return queued;
    }

    /// <summary>A follower hears that the report's status changed, not its code, the staff's words or the reporter's.</summary>
    private string FollowerText(Ticket ticket, CultureInfo culture)
    {
        var category = categories.Find(ticket.CategoryId);
        var name = category is null ? "—" : culture.TwoLetterISOLanguageName == "fa" ? category.NameFa : category.NameEn;
        return texts.Format("notify.followed", culture, name, TicketReplies.StatusName(new CultureTexts(texts, culture), ticket.Status));
    }
}
