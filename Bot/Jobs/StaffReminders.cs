using ChatIntake.Staff;
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

    /// <summary>A service-level target of a ticket and the columns that remember its reminder and escalation.</summary>
    private sealed record Target(
        TicketTarget Kind,
        string Name,
        Func<Ticket, bool> Applies,
        Func<Ticket, DateTimeOffset?> Due,
        Func<Category, int> Hours,
        Func<Ticket, DateTimeOffset?> Reminded,
        Func<Ticket, DateTimeOffset?> Escalated,
        string ReminderText,
        string EscalationText);

    // The response target counts while nobody has answered the new ticket; the resolution target while it is open; neither
    // while an outside agency holds it (TicketRules).
    private static readonly Target[] Targets =
    [
        new(TicketTarget.Response, "response", t => TicketRules.IsAwaitingResponse(t) && TicketRules.IsClockRunning(t), t => t.ResponseDueAt, c => c.ResponseHours,
            t => t.ResponseReminderAt, t => t.ResponseEscalatedAt, "staff.response.reminder", "staff.response.escalation"),
        new(TicketTarget.Resolution, "resolution", TicketRules.IsClockRunning, t => t.ResolutionDueAt, c => c.ResolutionHours,
            t => t.ReminderSentAt, t => t.EscalatedAt, "staff.reminder", "staff.escalation"),
    ];

    public async Task<(int Reminded, int Escalated)> RunAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var candidates = await db.Tickets.AsNoTracking()
            .Where(TicketRules.ClockRunning)
            .Where(t => (
                (t.Status == TicketStatus.New && t.FirstResponseAt == null && t.ResponseDueAt != null && (t.ResponseReminderAt == null || (t.ResponseEscalatedAt == null && t.ResponseDueAt < now))) ||
                (t.ResolutionDueAt != null && (t.ReminderSentAt == null || (t.EscalatedAt == null && t.ResolutionDueAt < now)))))
            .OrderBy(t => t.ResolutionDueAt).Take(Batch).ToListAsync(cancellationToken);
        var staff = await db.Staff.AsNoTracking().Where(s => s.IsActive).ToListAsync(cancellationToken);
        int reminded = 0, escalated = 0;
        foreach (var ticket in candidates)
        {
            foreach (var target in Targets)
            {
                if (!target.Applies(ticket) || target.Due(ticket) is not { } due)
                {
                    continue;
                }

                if (due < now && target.Escalated(ticket) is null)
                {
                    escalated += await NotifyAsync(ticket, target, staff, escalate: true, now, cancellationToken) ? 1 : 0;
                }
                else if (due >= now && target.Reminded(ticket) is null && categories.Find(ticket.CategoryId) is { } category && target.Hours(category) > 0 &&
                         calendar.WorkingTimeBetween(now, due) <= TimeSpan.FromHours(target.Hours(category) * 0.25))
                {
                    reminded += await NotifyAsync(ticket, target, staff, escalate: false, now, cancellationToken) ? 1 : 0;
                }
            }
        }

        return (reminded, escalated);
    }

    /// <summary>
    /// Reminds the assignee (else the supervisors in scope) to chase an outside agency whose expected answer day has
    /// passed: once per referral, marked on the ticket in the same commit as the messages.
    /// </summary>
    public async Task<int> ChaseAgenciesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var zone = calendar.Zone;
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime.Date;
        var startOfToday = new DateTimeOffset(local, zone.GetUtcOffset(local));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var late = await db.Tickets.AsNoTracking().Where(TicketRules.AgencyLate(startOfToday)).Where(t => t.AgencyChasedAt == null)
            .OrderBy(t => t.AgencyExpectedAt).Select(t => new { t.Id, t.AssigneeId }).Take(Batch).ToListAsync(cancellationToken);
        var staff = await db.Staff.AsNoTracking().Where(s => s.IsActive).ToListAsync(cancellationToken);
        var chased = 0;
        foreach (var candidate in late)
        {
            var recipients = await TicketResponsibles.FindAsync(db, candidate.Id, candidate.AssigneeId, skipAssignee: false, staff, cancellationToken);
            chased += await ChaseAsync(candidate.Id, recipients, startOfToday, now, cancellationToken) ? 1 : 0;
        }

        return chased;
    }

    private async Task<bool> ChaseAsync(long ticketId, IReadOnlyList<StaffMember> recipients, DateTimeOffset startOfToday, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var ticket = await db.Tickets.Include(t => t.Agency).SingleAsync(t => t.Id == ticketId, cancellationToken);
            // Decided again on what is committed: answered, or chased by another run, meanwhile.
            if (!TicketRules.IsAgencyLate(ticket, startOfToday) || !TicketWorkflow.MarkAgencyChased(ticket, now))
            {
                return false;
            }

            var reached = 0;
            foreach (var member in recipients)
            {
                if (member.LinkedCitizenId is { } citizenId && await ChatOutbox.StageAsync(db, citizenId, ticket.Id, culture =>
                    {
                        var fa = culture.TwoLetterISOLanguageName == "fa";
                        var category = categories.Find(ticket.CategoryId) is { } c ? (fa ? c.NameFa : c.NameEn) : "—";
                        var agency = ticket.Agency is { } a ? (fa ? a.NameFa : a.NameEn) : "—";
                        return Activity.Message(texts.Format("staff.agency.chase", culture, TrackingCode.Format(ticket.TrackingCode), category, agency,
                            ticket.AgencyReference ?? "—", JalaliDate.Format(ticket.AgencyExpectedAt!.Value, calendar.Zone, culture, withTime: false)));
                    }, now, cancellationToken) is not null)
                {
                    reached++;
                }
            }

            var who = recipients.Count == 0 ? "nobody in scope" : string.Join(", ", recipients.Select(r => r.DisplayName));
            ticket.Events.Add(TicketEvent.By(TicketActor.System, TicketEventKind.SystemMessage, now,
                $"the agency's expected answer day passed: reminded to chase it — {who}" + (reached < recipients.Count ? $" ({reached} of {recipients.Count} by messenger)" : string.Empty)));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Ticket {TicketId} agency answer late: {Who} reminded to chase", ticket.Id, who);
            return true;
        }
    }

    private async Task<bool> NotifyAsync(Ticket candidate, Target target, IReadOnlyList<StaffMember> staff, bool escalate, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var recipients = await TicketResponsibles.FindAsync(db, candidate.Id, candidate.AssigneeId, skipAssignee: escalate, staff, cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var ticket = await db.Tickets.SingleAsync(t => t.Id == candidate.Id, cancellationToken);
            if (!target.Applies(ticket) || (escalate ? target.Escalated(ticket) is not null : target.Reminded(ticket) is not null))
            {
                return false;
            }

            TicketWorkflow.MarkReminder(ticket, target.Kind, escalate, now);

            var reached = new List<string>();
            foreach (var member in recipients)
            {
                if (await QueueAsync(db, ticket, target, member, escalate, now, cancellationToken))
                {
                    reached.Add(member.DisplayName);
                }
            }

            var who = recipients.Count == 0 ? "nobody in scope" : string.Join(", ", recipients.Select(r => r.DisplayName));
            db.TicketEvents.Add(new TicketEvent
            {
                TicketId = ticket.Id, Kind = TicketEventKind.SystemMessage, Author = TicketActor.System.Author, ActorKind = ActorKind.System, CreatedAt = now,
                Text = (escalate ? $"{target.Name} time passed: supervisors told — " : $"75% of the {target.Name} time used: reminded — ") + who +
                       (reached.Count < recipients.Count ? $" ({reached.Count} of {recipients.Count} by messenger)" : string.Empty),
            });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Ticket {TicketId} {Target} {What}: {Who}", ticket.Id, target.Name, escalate ? "escalated" : "reminder", who);
            return true;
        }
    }

    private async Task<bool> QueueAsync(IntakeDbContext db, Ticket ticket, Target target, StaffMember member, bool escalate, DateTimeOffset now, CancellationToken cancellationToken) =>
        member.LinkedCitizenId is { } citizenId &&
        await ChatOutbox.StageAsync(db, citizenId, ticket.Id, culture =>
        {
            var catalog = new CultureTexts(texts, culture);
            var category = categories.Find(ticket.CategoryId) is { } c ? (culture.TwoLetterISOLanguageName == "fa" ? c.NameFa : c.NameEn) : "—";
            var zone = TimeZoneInfo.FindSystemTimeZoneById(intake.Value.TimeZone);
            return Activity.Message(catalog.Format(escalate ? target.EscalationText : target.ReminderText, TrackingCode.Format(ticket.TrackingCode), category,
                TicketReplies.StatusName(catalog, ticket.Status), JalaliDate.Format(target.Due(ticket)!.Value, zone, culture)));
        }, now, cancellationToken) is not null;
}
