using ChatIntake.Conversations;
using Conversation = ChatIntake.Conversations.Conversation;
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
/// The follow-ups that fall due with time: "is it fixed?" after a resolution, closing resolved tickets nobody answered
/// about, and "still being handled" when a ticket shows no progress. Each is decided from the ticket's own columns and
/// written with its message in one transaction, so a run repeated (after a crash, on another node) sends nothing twice.
/// </summary>
public sealed class FollowUpSweep(
    IDbContextFactory<IntakeDbContext> contexts,
    WorkingCalendar calendar,
    StaffReminders staffReminders,
    TicketWorkflow workflow,
    TextCatalog texts,
    WriteGate writeGate,
    OutboxSignal signal,
    IOptions<FollowUpOptions> options,
    TimeProvider time,
    ILogger<FollowUpSweep> logger)
{
    private const int Batch = 200;

    // The report dialog on a conversation's stack, as the dialog state stores it.
    private const string ReportMarker = "\"id\":\"" + DialogIds.Report + "\"";

    public async Task<FollowUpCounts> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var (reminded, escalated) = await staffReminders.RunAsync(now, cancellationToken);
        var counts = new FollowUpCounts(
            await SurveysAsync(now, cancellationToken),
            await AutoCloseAsync(now, cancellationToken),
            await ProgressNoticesAsync(now, cancellationToken),
            await NudgeUnfinishedReportsAsync(now, cancellationToken),
            await ExpireUnfinishedReportsAsync(now, cancellationToken),
            await PruneProcessedUpdatesAsync(now, cancellationToken),
            reminded,
            escalated,
            await staffReminders.ChaseAgenciesAsync(now, cancellationToken));
        if (counts.Total > 0)
        {
            signal.Notify();
            logger.LogInformation("Follow-ups: {Surveys} asked if fixed, {Closed} closed, {Notices} told still in hand, {Nudged} reminded of an unfinished report, {Expired} unfinished reports dropped",
                counts.Surveys, counts.Closed, counts.ProgressNotices, counts.Nudged, counts.Expired);
        }

        return counts;
    }

    private async Task<int> SurveysAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var resolvedBefore = now - options.Value.SurveyAfter;
        var asked = TicketKinds.Matching(TicketKinds.AsksIfFixed);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var due = await db.Tickets.AsNoTracking()
            .Where(t => t.Status == TicketStatus.Resolved && t.ResolvedAt <= resolvedBefore && (t.SurveySentAt == null || t.SurveySentAt < t.ResolvedAt) && asked.Contains(t.Kind))
            .OrderBy(t => t.Id).Select(t => t.Id).Take(Batch).ToListAsync(cancellationToken);
        var done = 0;
        foreach (var id in due)
        {
            done += await ChangeAsync(id, t => t.Status == TicketStatus.Resolved && (t.SurveySentAt == null || t.SurveySentAt < t.ResolvedAt), ticket => ticket.SurveySentAt = now, (ticket, culture) =>
            {
                var catalog = new CultureTexts(texts, culture);
                var category = ticket.Category is { } c ? (culture.TwoLetterISOLanguageName == "fa" ? c.NameFa : c.NameEn) : "—";
                // "Is it fixed?" shows the photo of the finished work, when staff attached one.
                return TicketWorkflow.WithAfterPhoto(ticket, Activity.Message(catalog.Format("followup.survey", TrackingCode.Format(ticket.TrackingCode), category), SurveyButtons.For(ticket.TrackingCode, catalog)));
            }, "survey sent", now, cancellationToken) ? 1 : 0;
        }

        return done;
    }

    private async Task<int> AutoCloseAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var resolvedBefore = now - options.Value.AutoCloseAfter;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var due = await db.Tickets.AsNoTracking()
            .Where(t => t.Status == TicketStatus.Resolved && t.ResolvedAt <= resolvedBefore)
            .OrderBy(t => t.Id).Select(t => t.Id).Take(Batch).ToListAsync(cancellationToken);
        var done = 0;
        foreach (var id in due)
        {
            // The workflow closes it and tells the citizen and the followers, in one commit with the re-read that proves it is still due.
            await using var write = await contexts.CreateDbContextAsync(cancellationToken);
            done += await workflow.SaveAsync(write, async ct =>
                await write.Tickets.SingleAsync(t => t.Id == id, ct) is { Status: TicketStatus.Resolved } ticket && ticket.ResolvedAt <= resolvedBefore
                    ? await workflow.CloseAsync(write, ticket, TicketActor.System, "closed: no answer after resolution", now, ct)
                    : null, cancellationToken) is null ? 0 : 1;
        }

        return done;
    }

    private async Task<int> ProgressNoticesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var days = options.Value.ProgressNoticeAfterWorkingDays;
        if (days == 0)
        {
            return 0;
        }

        // Calendar days are a lower bound of working days: only tickets quiet that long are worth the calendar's look.
        var quietSince = now.AddDays(-days);
        var told = TicketKinds.Matching(TicketKinds.TellsProgress);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var candidates = await db.Tickets.AsNoTracking()
            .Where(TicketRules.Open)
            .Where(t => t.CreatedAt <= quietSince && (t.ProgressNoticeAt == null || t.ProgressNoticeAt <= quietSince) && told.Contains(t.Kind))
            .Select(t => new
            {
                t.Id,
                t.CreatedAt,
                t.ProgressNoticeAt,
                LastProgress = t.Events.Where(e => e.Kind == TicketEventKind.StaffReply || e.Kind == TicketEventKind.StatusChange).Max(e => (DateTimeOffset?)e.CreatedAt),
            })
            .OrderBy(t => t.Id).Take(Batch * 5).ToListAsync(cancellationToken);
        var done = 0;
        foreach (var ticket in candidates)
        {
            var quietFrom = new[] { ticket.CreatedAt, ticket.LastProgress ?? ticket.CreatedAt, ticket.ProgressNoticeAt ?? ticket.CreatedAt }.Max();
            if (calendar.WorkingDaysBetween(quietFrom, now) < days)
            {
                continue;
            }

            done += await ChangeAsync(ticket.Id, t => TicketRules.IsOpen(t) && t.ProgressNoticeAt == ticket.ProgressNoticeAt, t => t.ProgressNoticeAt = now, (t, culture) =>
            {
                var catalog = new CultureTexts(texts, culture);
                return Activity.Message(catalog.Format("followup.progress", TrackingCode.Format(t.TrackingCode), TicketReplies.StatusName(catalog, t.Status)));
            }, "progress notice sent", now, cancellationToken) ? 1 : 0;
        }

        return done;
    }

    private async Task<int> PruneProcessedUpdatesAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var before = now - options.Value.KeepProcessedUpdatesFor;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            // A bounded batch: the one writer is shared with the turns, and a backlog clears over a few runs.
            var ids = await db.Inbox.Where(m => m.ProcessedAt != null && m.ProcessedAt < before).OrderBy(m => m.Id).Select(m => m.Id).Take(5000).ToListAsync(cancellationToken);
            return ids.Count == 0 ? 0 : await db.Inbox.Where(m => ids.Contains(m.Id)).ExecuteDeleteAsync(cancellationToken);
        }
    }

    /// <summary>One reminder per stall: a conversation in the middle of a report, quiet since before the nudge time, not reminded since.</summary>
    private async Task<int> NudgeUnfinishedReportsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var quietSince = now - options.Value.UnfinishedReportNudgeAfter;
        var expiresBefore = now - options.Value.UnfinishedReportExpiresAfter;
        return await RemindAsync(
            c => c.DialogState!.Contains(ReportMarker) && c.LastActivityAt <= quietSince && c.LastActivityAt > expiresBefore && (c.NudgedAt == null || c.NudgedAt < c.LastActivityAt),
            "followup.nudge", clearState: false, now, cancellationToken);
    }

    private async Task<int> ExpireUnfinishedReportsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var expiresBefore = now - options.Value.UnfinishedReportExpiresAfter;
        return await RemindAsync(c => c.DialogState!.Contains(ReportMarker) && c.LastActivityAt <= expiresBefore, "followup.expired", clearState: true, now, cancellationToken);
    }

    /// <summary>
    /// Writes the message and marks the conversation in one commit. Clearing the state bumps the conversation's
    /// version, so a turn running at that moment finds its cached state stale and runs again on the fresh one.
    /// </summary>
    private async Task<int> RemindAsync(System.Linq.Expressions.Expression<Func<Conversation, bool>> due, string textKey, bool clearState, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var chats = await db.Conversations.AsNoTracking().Where(c => c.DialogState != null).Where(due).Include(c => c.Citizen)
            .OrderBy(c => c.Id).Take(Batch).ToListAsync(cancellationToken);
        var done = 0;
        foreach (var chat in chats)
        {
            using (await writeGate.EnterAsync(cancellationToken))
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var changed = clearState
                    ? await db.Conversations.Where(c => c.Id == chat.Id && c.Version == chat.Version).ExecuteUpdateAsync(s => s
                        .SetProperty(c => c.DialogState, (string?)null).SetProperty(c => c.Version, c => c.Version + 1).SetProperty(c => c.NudgedAt, now), cancellationToken)
                    : await db.Conversations.Where(c => c.Id == chat.Id && c.Version == chat.Version).ExecuteUpdateAsync(s => s.SetProperty(c => c.NudgedAt, now), cancellationToken);
                if (changed == 0 || chat.Citizen is not { Reachable: true } citizen)
                {
                    await transaction.CommitAsync(cancellationToken);
                    continue;
                }

                var culture = IntakeCultures.FromLanguageCode(citizen.Language) ?? IntakeCultures.Persian;
                var catalog = new CultureTexts(texts, culture);
                var message = clearState ? Activity.Message(catalog[textKey], Menu.Actions(catalog)) : Activity.Message(catalog[textKey]);
                db.Outbox.Add(new OutboxMessage
                {
                    Channel = chat.Channel, ExternalChatId = chat.ExternalChatId, CitizenId = citizen.Id, Payload = ActivityJson.Serialize(message),
                    State = OutboxState.Pending, Lane = OutboxLane.Notice, NotBefore = now, CreatedAt = now,
                });
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                done++;
            }
        }

        return done;
    }

    /// <summary>
    /// Re-reads the ticket inside the write, checks it still qualifies, applies the change and queues the message to
    /// the citizen's chat, all in one commit. False when another run got there first.
    /// </summary>
    private async Task<bool> ChangeAsync(long ticketId, Func<Ticket, bool> stillDue, Action<Ticket> apply, Func<Ticket, System.Globalization.CultureInfo, Activity> message,
        string? note, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var ticket = await db.Tickets.Include(t => t.Category).SingleAsync(t => t.Id == ticketId, cancellationToken);
            if (!stillDue(ticket))
            {
                return false;
            }

            apply(ticket);
            var queued = await ChatOutbox.StageAsync(db, ticket.CitizenId, ticket.Id, culture => message(ticket, culture), now, cancellationToken);

            await db.SaveChangesAsync(cancellationToken);
            if (note is not null)
            {
                // The thread shows what the citizen was sent, with its delivery state.
                db.TicketEvents.Add(new TicketEvent
                {
                    TicketId = ticket.Id, Kind = TicketEventKind.SystemMessage, Author = TicketActor.System.Author, ActorKind = ActorKind.System, Text = queued is null ? note + " (no chat to send to)" : note,
                    OutboxMessageId = queued?.Id, CreatedAt = now,
                });
                await db.SaveChangesAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return true;
        }
    }
}
