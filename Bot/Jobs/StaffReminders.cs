using ChatIntake.Admin.Staff;
using ChatIntake.Conversations;
using ChatIntake.Data;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;
using ChatIntake.Outbox;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatIntake.Jobs;

/// <summary>
/// Service-level reminders to staff: the assignee (or, unassigned, the supervisors whose scope holds the ticket) when
/// three quarters of the resolution time is used, and the supervisors once it has passed. Each is marked on the ticket
/// in the same commit as its messages, so none is sent twice; the thread records it whether or not anyone linked a chat.
/// </summary>
public sealed class StaffReminders(
    IDbContextFactory<IntakeDbContext> contexts,
    WorkingCalendar calendar,
    CategoryCatalog categories,
    TextCatalog texts,
    WriteGate writeGate,
    IOptions<IntakeOptions> intake,
    ILogger<StaffReminders> logger)
{
    private const int Batch = 500;
    private static readonly TicketStatus[] Open = [TicketStatus.New, TicketStatus.Referred, TicketStatus.InProgress];

    public async Task<(int Reminded, int Escalated)> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var candidates = await db.Tickets.AsNoTracking()
            .Where(t => Open.Contains(t.Status) && t.ResolutionDueAt != null && (t.ReminderSentAt == null || (t.EscalatedAt == null && t.ResolutionDueAt < now)))
            .OrderBy(t => t.ResolutionDueAt).Take(Batch).ToListAsync(cancellationToken);
        var staff = await db.Staff.AsNoTracking().Where(s => s.IsActive).ToListAsync(cancellationToken);
        int reminded = 0, escalated = 0;
        foreach (var ticket in candidates)
        {
            var overdue = ticket.ResolutionDueAt < now;
            if (overdue && ticket.EscalatedAt is null)
            {
                escalated += await NotifyAsync(ticket, staff, escalate: true, now, cancellationToken) ? 1 : 0;
            }
            else if (!overdue && ticket.ReminderSentAt is null && categories.Find(ticket.CategoryId) is { ResolutionHours: > 0 } category &&
                     calendar.WorkingTimeBetween(now, ticket.ResolutionDueAt!.Value) <= TimeSpan.FromHours(category.ResolutionHours * 0.25))
            {
                reminded += await NotifyAsync(ticket, staff, escalate: false, now, cancellationToken) ? 1 : 0;
            }
        }

        return (reminded, escalated);
    }

    private async Task<bool> NotifyAsync(Ticket candidate, IReadOnlyList<StaffMember> staff, bool escalate, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var recipients = await RecipientsAsync(db, candidate, staff, escalate, cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var ticket = await db.Tickets.SingleAsync(t => t.Id == candidate.Id, cancellationToken);
            if (!Open.Contains(ticket.Status) || (escalate ? ticket.EscalatedAt is not null : ticket.ReminderSentAt is not null))
            {
                return false;
            }

            ticket.ReminderSentAt ??= now;
            if (escalate)
            {
                ticket.EscalatedAt = now;
            }

            var reached = new List<string>();
            foreach (var member in recipients)
            {
                if (await QueueAsync(db, ticket, member, escalate, now, cancellationToken))
                {
                    reached.Add(member.DisplayName);
                }
            }

            var who = recipients.Count == 0 ? "nobody in scope" : string.Join(", ", recipients.Select(r => r.DisplayName));
            db.TicketEvents.Add(new TicketEvent
            {
                TicketId = ticket.Id, Kind = TicketEventKind.SystemMessage, Author = "system", CreatedAt = now,
                Text = (escalate ? "overdue: supervisors told — " : "75% of the resolution time used: reminded — ") + who +
                       (reached.Count < recipients.Count ? $" ({reached.Count} of {recipients.Count} by messenger)" : string.Empty),
            });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Ticket {TicketId} {What}: {Who}", ticket.Id, escalate ? "escalated" : "reminder", who);
            return true;
        }
    }

    /// <summary>The assignee for a reminder; otherwise (and for an escalation) the supervisors whose scope holds the ticket, else the administrators.</summary>
    private static async Task<List<StaffMember>> RecipientsAsync(IntakeDbContext db, Ticket ticket, IReadOnlyList<StaffMember> staff, bool escalate, CancellationToken cancellationToken)
    {
        if (!escalate && ticket.AssigneeId is { } assignee && staff.FirstOrDefault(s => s.Id == assignee) is { } member)
        {
            return [member];
        }

        var supervisors = new List<StaffMember>();
        foreach (var candidate in staff.Where(s => s.Role == StaffRole.Supervisor))
        {
            if (await db.Tickets.VisibleTo(candidate).AnyAsync(t => t.Id == ticket.Id, cancellationToken))
            {
                supervisors.Add(candidate);
            }
        }

        return supervisors.Count > 0 ? supervisors : [.. staff.Where(s => s.Role == StaffRole.Administrator)];
    }

    private async Task<bool> QueueAsync(IntakeDbContext db, Ticket ticket, StaffMember member, bool escalate, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (member.LinkedCitizenId is not { } citizenId ||
            await db.Citizens.AsNoTracking().SingleOrDefaultAsync(c => c.Id == citizenId && c.Reachable, cancellationToken) is not { } citizen ||
            await db.Conversations.AsNoTracking().Where(c => c.CitizenId == citizenId && c.Channel == citizen.Channel)
                .OrderByDescending(c => c.LastActivityAt).FirstOrDefaultAsync(cancellationToken) is not { } chat)
        {
            return false;
        }

        var culture = IntakeCultures.FromLanguageCode(citizen.Language) ?? IntakeCultures.Persian;
        var catalog = new CultureTexts(texts, culture);
        var category = categories.Find(ticket.CategoryId) is { } c ? (culture.TwoLetterISOLanguageName == "fa" ? c.NameFa : c.NameEn) : "—";
        var zone = TimeZoneInfo.FindSystemTimeZoneById(intake.Value.TimeZone);
        var text = catalog.Format(escalate ? "staff.escalation" : "staff.reminder", TrackingCode.Format(ticket.TrackingCode), category,
            TicketReplies.StatusName(catalog, ticket.Status), JalaliDate.Format(ticket.ResolutionDueAt!.Value, zone, culture));
        db.Outbox.Add(new OutboxMessage
        {
            Channel = chat.Channel, ExternalChatId = chat.ExternalChatId, CitizenId = citizenId, TicketId = ticket.Id,
            Payload = ActivityJson.Serialize(Activity.Message(text)), State = OutboxState.Pending, NotBefore = now, CreatedAt = now,
        });
        return true;
    }
}
