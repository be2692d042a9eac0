using System.Globalization;
using ChatIntake.Data;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;
using ChatIntake.Outbox;
using ChatIntake.Privacy;
using ChatIntake.Staff;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tickets;

/// <summary>
/// The one owner of every ticket change, whoever asks (the bot's desk, the panel, the jobs): it checks the change against
/// <see cref="TicketTransitions"/>, appends a typed event to the thread, stages what the citizen and followers hear
/// through <see cref="ChatOutbox"/>, audits staff actions, alerts staff when a citizen reopens, and renews due times and
/// reminder marks whenever a target starts again. Operations only stage in the caller's context; the caller commits
/// (the bot's turn with its replies, or <see cref="CommitAsync"/> for the panel and the jobs), so all of it is one transaction.
/// A new operation (an agency referral, a sign-off) is one more public method: status moves go through MoveAsync (after a
/// row in <see cref="TicketTransitions"/>), other changes append a typed event with Append, and return a <see cref="TicketChange"/>.
/// </summary>
public sealed class TicketWorkflow(
    CategoryCatalog categories,
    WorkingCalendar calendar,
    TextCatalog texts,
    WriteGate writeGate,
    OutboxSignal signal,
    IHttpContextAccessor http,
    ServiceArea serviceArea,
    ILogger<TicketWorkflow> logger)
{
    // ---- filing ------------------------------------------------------------------------------------------------

    /// <summary>
    /// A new ticket in status New with its first event and fresh targets. Not added to any context: the bot's turn writes
    /// it with its own statements, the panel adds it; a staff filing is audited in <paramref name="db"/>.
    /// </summary>
    public TicketChange File(IntakeDbContext? db, Citizen citizen, Category category, TicketDraft draft, TicketActor by, DateTimeOffset now)
    {
        var targets = TicketTargets.From(draft.Kind, category, calendar, now);
        var ticket = new Ticket
        {
            TrackingCode = draft.TrackingCode,
            CitizenId = citizen.Id,
            // A citizen not yet saved (a first phone call) is inserted with the ticket.
            Citizen = citizen.Id == 0 ? citizen : null,
            CategoryId = category.Id,
            DistrictId = draft.DistrictId,
            Latitude = draft.Location?.Latitude,
            Longitude = draft.Location?.Longitude,
            AddressText = draft.AddressText,
            Description = draft.Description,
            Status = TicketStatus.New,
            Channel = draft.Channel,
            CreatedAt = now,
            UpdatedAt = now,
            // Targets count working hours: a report filed on Wednesday evening is not overdue by Friday.
            ResponseDueAt = targets.Response,
            ResolutionDueAt = targets.Resolution,
            Kind = draft.Kind,
            Department = draft.Department,
        };
        var created = TicketEvent.By(by, TicketEventKind.StatusChange, now, draft.Description);
        created.ToStatus = TicketStatus.New;
        ticket.Events.Add(created);
        var audit = db is null ? null : Audit(db, ticket, by, "phone-intake", TrackingCode.Format(ticket.TrackingCode), now);
        return new TicketChange(ticket, created, [], audit);
    }

    // ---- status ------------------------------------------------------------------------------------------------

    /// <summary>Staff move a ticket to another status (not Duplicate: see <see cref="MarkDuplicateAsync"/>); the citizen and followers are told.</summary>
    public async Task<TicketChange> ChangeStatusAsync(IntakeDbContext db, Ticket ticket, TicketStatus to, TicketActor by, string? reason, DateTimeOffset now, CancellationToken cancellationToken,
        Func<CultureInfo, string>? alsoSay = null)
    {
        if (to == TicketStatus.Duplicate)
        {
            throw new TicketRefusedException(TicketRefusal.NotAllowed, ticket.Status, to);
        }

        if (to == TicketStatus.Resolved)
        {
            return await RequestResolutionAsync(db, ticket, by, reason, now, cancellationToken, alsoSay);
        }

        return await MoveAsync(db, ticket, to, by, reason, "status", now, cancellationToken, toldReason: reason,
            message: alsoSay is null ? null : culture => Said(alsoSay, StatusNotice(ticket, to, to == TicketStatus.Rejected ? null : reason, culture), culture));
    }

    /// <summary>
    /// The work is done: the citizen and followers are told (with the after photo, if any); the follow-up sweep asks "is it
    /// fixed?" later. Refused without the category's after photo, or by anyone who may not sign off a sign-off category.
    /// </summary>
    public async Task<TicketChange> ResolveAsync(IntakeDbContext db, Ticket ticket, TicketActor by, string? note, DateTimeOffset now, CancellationToken cancellationToken,
        Func<CultureInfo, string>? alsoSay = null)
    {
        await CheckCompletionAsync(db, ticket, by, cancellationToken);
        return await MoveAsync(db, ticket, TicketStatus.Resolved, by, note, "status", now, cancellationToken, toldReason: note,
            message: ticket.AfterPhotoFileId is null && alsoSay is null ? null
                : culture => WithAfterPhoto(ticket, Said(alsoSay, StatusNotice(ticket, TicketStatus.Resolved, note, culture), culture)));
    }

    /// <summary>A status notice with staff's own words before it, as one message.</summary>
    private static Activity Said(Func<CultureInfo, string>? words, Activity notice, CultureInfo culture) =>
        words is null ? notice : notice with { Text = words(culture) + "\n\n" + notice.Text };

    /// <summary>
    /// Back to work (InProgress) with fresh targets. A citizen's reopening (their /reopen, or "not fixed" to the survey)
    /// alerts the assignee, else the supervisors in scope, and tells the followers.
    /// </summary>
    public async Task<TicketChange> ReopenAsync(IntakeDbContext db, Ticket ticket, TicketActor by, string why, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var change = await MoveAsync(db, ticket, TicketStatus.InProgress, by, why, "reopen", now, cancellationToken);
        if (by.Kind == ActorKind.Citizen)
        {
            await AlertStaffAsync(db, ticket, "staff.reopened", why, now, cancellationToken);
        }

        return change;
    }

    /// <summary>Closed: confirmed fixed by the citizen, closed by staff, or closed by the sweep when nobody answered; everyone following hears it.</summary>
    public Task<TicketChange> CloseAsync(IntakeDbContext db, Ticket ticket, TicketActor by, string? why, DateTimeOffset now, CancellationToken cancellationToken) =>
        MoveAsync(db, ticket, TicketStatus.Closed, by, why, "status", now, cancellationToken, toldReason: by.Kind == ActorKind.Staff ? why : null);

    /// <summary>Refers the ticket to a department and/or district; a new ticket becomes Referred, and its citizen is told.</summary>
    public async Task<TicketChange> ReferAsync(IntakeDbContext db, Ticket ticket, TicketActor by, string? department, District? district, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (department is null && district is null)
        {
            throw new TicketRefusedException(TicketRefusal.WrongState, ticket.Status, null);
        }

        var from = ReferralValue(ticket.Department, ticket.DistrictId);
        ticket.Department = department ?? ticket.Department;
        ticket.DistrictId = district?.Id ?? ticket.DistrictId;
        var to = ReferralValue(ticket.Department, ticket.DistrictId);
        var where = string.Join(" · ", new[] { department, district is null ? null : $"{district.NameEn} ({district.NameFa})" }.Where(x => x is not null));
        TicketChange change;
        if (ticket.Status == TicketStatus.New)
        {
            change = await MoveAsync(db, ticket, TicketStatus.Referred, by, where, null, now, cancellationToken);
        }
        else
        {
            change = new TicketChange(ticket, Append(ticket, by, TicketEventKind.Referred, now), []);
        }

        change.Event!.FromValue = from;
        change.Event.ToValue = to;
        return change with { Audit = Audit(db, ticket, by, "refer", where, now) };
    }

    /// <summary>Marks <paramref name="ticket"/> a duplicate of <paramref name="master"/>: its citizen and followers follow the master from now on, and are told.</summary>
    public async Task<TicketChange> MarkDuplicateAsync(IntakeDbContext db, Ticket ticket, Ticket master, TicketActor by, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (master.Id == ticket.Id || master.DuplicateOfId is not null)
        {
            throw new TicketRefusedException(TicketRefusal.WrongState, ticket.Status, TicketStatus.Duplicate);
        }

        TicketTransitions.Check(ticket.Status, TicketStatus.Duplicate, by.Kind);
        var code = TrackingCode.Format(ticket.TrackingCode);
        var shownMaster = TrackingCode.Format(master.TrackingCode);
        ticket.DuplicateOfId = master.Id;
        var change = await MoveAsync(db, ticket, TicketStatus.Duplicate, by, shownMaster, null, now, cancellationToken,
            message: culture => Activity.Message(texts.Format("notify.duplicate", culture, code, shownMaster)));

        var movers = await db.TicketFollowers.Where(f => f.TicketId == ticket.Id).Select(f => f.CitizenId).ToListAsync(cancellationToken);
        movers.Add(ticket.CitizenId);
        var already = await db.TicketFollowers.Where(f => f.TicketId == master.Id).Select(f => f.CitizenId).ToListAsync(cancellationToken);
        foreach (var citizenId in movers.Distinct().Where(c => c != master.CitizenId && !already.Contains(c)))
        {
            db.TicketFollowers.Add(new TicketFollower { TicketId = master.Id, CitizenId = citizenId, CreatedAt = now });
        }

        Append(master, by, TicketEventKind.SystemMessage, now, $"⇐ {code}");
        return change with { Audit = Audit(db, ticket, by, "duplicate", $"{code} → {shownMaster}", now) };
    }

    // ---- people and priority -------------------------------------------------------------------------------------

    public TicketChange Assign(IntakeDbContext db, Ticket ticket, TicketActor by, StaffMember? to, DateTimeOffset now)
    {
        if (ticket.AssigneeId == to?.Id)
        {
            // Nothing changes (nobody to an unassigned ticket, or the same person again): nothing is written.
            return new TicketChange(ticket, null, []);
        }

        var entry = Append(ticket, by, TicketEventKind.Assigned, now);
        entry.FromValue = ticket.AssigneeId?.ToString(CultureInfo.InvariantCulture);
        entry.ToValue = to?.Id.ToString(CultureInfo.InvariantCulture);
        ticket.AssigneeId = to?.Id;
        return new TicketChange(ticket, entry, [], Audit(db, ticket, by, "assign", to?.UserName ?? "-", now));
    }

    public TicketChange Prioritise(IntakeDbContext db, Ticket ticket, TicketActor by, TicketPriority to, DateTimeOffset now)
    {
        var entry = Append(ticket, by, TicketEventKind.PriorityChanged, now);
        entry.FromValue = ticket.Priority.ToString();
        entry.ToValue = to.ToString();
        var audit = Audit(db, ticket, by, "priority", $"{ticket.Priority} → {to}", now);
        ticket.Priority = to;
        return new TicketChange(ticket, entry, [], audit);
    }

    // ---- words ---------------------------------------------------------------------------------------------------

    /// <summary>A staff reply: the citizen hears it, and it is the ticket's first response if none came before.</summary>
    public async Task<TicketChange> ReplyAsync(IntakeDbContext db, Ticket ticket, TicketActor by, string text, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (ticket.CitizenErasedAt is not null || ticket.AnonymisedAt is not null)
        {
            throw new TicketRefusedException(TicketRefusal.CitizenErased, ticket.Status, null);
        }

        var entry = Append(ticket, by, TicketEventKind.StaffReply, now, text);
        if (TicketRules.IsResponse(entry.Kind, null))
        {
            ticket.MarkFirstResponse(now);
        }

        var code = TrackingCode.Format(ticket.TrackingCode);
        var messages = await ChatOutbox.StageToTicketAsync(db, ticket.Id, ticket.CitizenId, toFollowers: false,
            culture => Activity.Message(texts.Format("notify.reply", culture, code, text)), now, cancellationToken, reporterLane: OutboxLane.Reply);
        return new TicketChange(ticket, entry, messages, Audit(db, ticket, by, "reply", text, now));
    }

    /// <summary>
    /// A staff reply and a status change in one submit: the reporter hears ONE message (the words, then the new status),
    /// followers hear the status as usual. The words are the reason when rejecting. When the status change is a request
    /// for sign-off (nothing told yet), the words go out alone. Returns the reply's change and the status's, to commit together.
    /// </summary>
    public async Task<TicketChange[]> ReplyWithStatusAsync(IntakeDbContext db, Ticket ticket, TicketActor by, string text, TicketStatus to, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var code = TrackingCode.Format(ticket.TrackingCode);
        var reply = Append(ticket, by, TicketEventKind.StaffReply, now, text);
        var replyAudit = Audit(db, ticket, by, "reply", text, now);
        var status = await ChangeStatusAsync(db, ticket, to, by, to == TicketStatus.Rejected ? text : null, now, cancellationToken,
            alsoSay: culture => texts.Format("notify.reply", culture, code, text));
        ticket.MarkFirstResponse(now);
        IReadOnlyList<OutboxMessage> told = status.Messages;
        if (told.All(m => m.CitizenId != ticket.CitizenId))
        {
            told = await ChatOutbox.StageToTicketAsync(db, ticket.Id, ticket.CitizenId, toFollowers: false,
                culture => Activity.Message(texts.Format("notify.reply", culture, code, text)), now, cancellationToken, reporterLane: OutboxLane.Reply);
        }

        return [new TicketChange(ticket, reply, [.. told.Where(m => m.CitizenId == ticket.CitizenId)], replyAudit), status];
    }

    /// <summary>An internal note: staff only, nobody outside hears it.</summary>
    public TicketChange AddNote(IntakeDbContext db, Ticket ticket, TicketActor by, string text, DateTimeOffset now)
    {
        var entry = Append(ticket, by, TicketEventKind.InternalNote, now, text);
        return new TicketChange(ticket, entry, [], Audit(db, ticket, by, "note", text, now));
    }

    /// <summary>The citizen adds words or files to their own open ticket.</summary>
    public TicketEvent AddDetail(Ticket ticket, TicketActor by, string? text, IEnumerable<Attachment> files, DateTimeOffset now)
    {
        var entry = Append(ticket, by, TicketEventKind.CitizenMessage, now, text);
        foreach (var file in files)
        {
            entry.Attachments.Add(file);
            ticket.Attachments.Add(file);
        }

        return entry;
    }

    /// <summary>The citizen's 1–5 rating of a finished ticket, with their words.</summary>
    public TicketEvent Rate(Ticket ticket, TicketActor by, int rating, string? comment, DateTimeOffset now)
    {
        ticket.Satisfaction = Math.Clamp(rating, 1, 5);
        ticket.SatisfactionComment = comment is { Length: > 1000 } ? comment[..1000] : comment;
        var entry = Append(ticket, by, TicketEventKind.Rated, now, ticket.SatisfactionComment);
        entry.ToValue = ticket.Satisfaction.Value.ToString(CultureInfo.InvariantCulture);
        return entry;
    }

    /// <summary>Another citizen who reported the same problem follows this ticket; false when they already do (or it is theirs).</summary>
    public async Task<bool> FollowAsync(IntakeDbContext db, Ticket ticket, TicketActor by, long citizenId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (ticket.CitizenId == citizenId || await db.TicketFollowers.AnyAsync(f => f.TicketId == ticket.Id && f.CitizenId == citizenId, cancellationToken))
        {
            return false;
        }

        db.TicketFollowers.Add(new TicketFollower { TicketId = ticket.Id, CitizenId = citizenId, CreatedAt = now });
        Append(ticket, by, TicketEventKind.SystemMessage, now, "Another citizen reported the same problem and follows this ticket.");
        return true;
    }

    // ---- follow-ups and field visits (what the statistics count) --------------------------------------------------

    /// <summary>
    /// A citizen came back about a still-open ticket (asked /status, or phoned): recorded for the repeat follow-up figures
    /// without touching the ticket, so its "last updated" stays what staff last did. Null when the ticket is not open.
    /// </summary>
    public static TicketEvent? RecordFollowUp(IntakeDbContext db, Ticket ticket, TicketActor by, string way, DateTimeOffset now)
    {
        if (!TicketRules.IsOpen(ticket))
        {
            return null;
        }

        var entry = TicketEvent.By(by, TicketEventKind.FollowUp, now);
        entry.TicketId = ticket.Id;
        entry.ToValue = way;
        db.TicketEvents.Add(entry);
        return entry;
    }

    /// <summary>Staff log a citizen's phone call about their open ticket: a follow-up, audited.</summary>
    public TicketChange LogCall(IntakeDbContext db, Ticket ticket, TicketActor by, string? note, DateTimeOffset now)
    {
        if (by.Kind != ActorKind.Staff || !TicketRules.IsOpen(ticket))
        {
            throw new TicketRefusedException(TicketRefusal.WrongState, ticket.Status, null);
        }

        var entry = Append(ticket, by, TicketEventKind.FollowUp, now, note);
        entry.ToValue = FollowUpWays.Phone;
        return new TicketChange(ticket, entry, [], Audit(db, ticket, by, "phone-call", note, now));
    }

    /// <summary>Staff record a field visit to an open ticket's place (the weekly cycle's Monday–Tuesday step), audited.</summary>
    public TicketChange RecordFieldVisit(IntakeDbContext db, Ticket ticket, TicketActor by, string? note, DateTimeOffset now)
    {
        if (by.Kind != ActorKind.Staff || !TicketRules.IsOpen(ticket))
        {
            throw new TicketRefusedException(TicketRefusal.WrongState, ticket.Status, null);
        }

        var entry = Append(ticket, by, TicketEventKind.FieldVisit, now, note);
        return new TicketChange(ticket, entry, [], Audit(db, ticket, by, "field-visit", note, now));
    }

    // ---- jobs ----------------------------------------------------------------------------------------------------

    /// <summary>Marks a target's reminder (or escalation, which implies it) as sent; false when it already was.</summary>
    public static bool MarkReminder(Ticket ticket, TicketTarget target, bool escalate, DateTimeOffset now)
    {
        var already = target == TicketTarget.Response
            ? (escalate ? ticket.ResponseEscalatedAt : ticket.ResponseReminderAt)
            : (escalate ? ticket.EscalatedAt : ticket.ReminderSentAt);
        if (already is not null)
        {
            return false;
        }

        if (escalate)
        {
            ticket.MarkEscalated(target, now);
        }
        else
        {
            ticket.MarkReminded(target, now);
        }

        return true;
    }

    // ---- completion verified before Resolved: after photo and supervisor sign-off ---------------------------------

    /// <summary>
    /// Attaches the photo of the finished work (a panel upload, or a field worker's photo sent with /done) to the thread;
    /// the resolution message and "is it fixed?" carry it from now on. <paramref name="photo"/> is a new attachment.
    /// </summary>
    public TicketChange AttachAfterPhoto(IntakeDbContext db, Ticket ticket, TicketActor by, Attachment photo, string? text, DateTimeOffset now)
    {
        if (!ticket.Status.IsOpen())
        {
            throw new TicketRefusedException(TicketRefusal.WrongState, ticket.Status, null);
        }

        var entry = Append(ticket, by, TicketEventKind.AfterPhotoAdded, now, string.IsNullOrWhiteSpace(text) ? null : text);
        photo.TicketId = ticket.Id;
        entry.Attachments.Add(photo);
        ticket.Attachments.Add(photo);
        ticket.SetAfterPhoto(photo.ChannelFileId);
        return new TicketChange(ticket, entry, [], Audit(db, ticket, by, "after-photo", photo.FileName ?? photo.Kind, now));
    }

    /// <summary>
    /// Staff ask to resolve: resolved at once when the category needs no sign-off (or a supervisor in scope asks), otherwise
    /// the ticket waits, still open, for a supervisor's sign-off and the supervisors in scope are told. Refused without
    /// the category's after photo.
    /// </summary>
    public async Task<TicketChange> RequestResolutionAsync(IntakeDbContext db, Ticket ticket, TicketActor by, string? note, DateTimeOffset now, CancellationToken cancellationToken,
        Func<CultureInfo, string>? alsoSay = null)
    {
        var category = await db.Categories.AsNoTracking().FirstOrDefaultAsync(c => c.Id == ticket.CategoryId, cancellationToken);
        if (category is not { SignOffRequired: true } || await MaySignOffAsync(db, ticket, by, cancellationToken))
        {
            return await ResolveAsync(db, ticket, by, note, now, cancellationToken, alsoSay);
        }

        TicketTransitions.Check(ticket.Status, TicketStatus.Resolved, by.Kind);
        if (category.AfterPhotoRequired && ticket.AfterPhotoFileId is null)
        {
            throw new TicketRefusedException(TicketRefusal.AfterPhotoRequired, ticket.Status, TicketStatus.Resolved);
        }

        if (ticket.SignOffRequestedAt is not null)
        {
            throw new TicketRefusedException(TicketRefusal.SignOffPending, ticket.Status, TicketStatus.Resolved);
        }

        ticket.RequestSignOff(by.Id ?? 0, now);
        var entry = Append(ticket, by, TicketEventKind.SignOffRequested, now, string.IsNullOrWhiteSpace(note) ? null : note);
        var audit = Audit(db, ticket, by, "signoff-request", note, now);
        var supervisors = await TicketResponsibles.FindAsync(db, ticket.Id, null, skipAssignee: true, null, cancellationToken);
        await TellStaffAsync(db, ticket, supervisors, "staff.signoff.requested", string.IsNullOrWhiteSpace(note) ? "—" : note, "sign-off asked of", now, cancellationToken);
        logger.LogDebug("Ticket {TicketId} awaits sign-off, asked by {Actor}", ticket.Id, by.Author);
        return new TicketChange(ticket, entry, [], audit);
    }

    /// <summary>A supervisor in scope approves the pending request: the ticket is resolved through <see cref="ResolveAsync"/>, and the one who asked is told.</summary>
    public async Task<TicketChange> SignOffAsync(IntakeDbContext db, Ticket ticket, TicketActor by, string? note, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var requester = await CheckSignOffAsync(db, ticket, by, cancellationToken);
        var asked = await db.TicketEvents.AsNoTracking().Where(e => e.TicketId == ticket.Id && e.Kind == TicketEventKind.SignOffRequested)
            .OrderByDescending(e => e.Id).Select(e => e.Text).FirstOrDefaultAsync(cancellationToken);
        var signed = Append(ticket, by, TicketEventKind.SignedOff, now, string.IsNullOrWhiteSpace(note) ? null : note);
        signed.FromValue = requester?.Id.ToString(CultureInfo.InvariantCulture);
        Audit(db, ticket, by, "signoff", note, now);
        var change = await ResolveAsync(db, ticket, by, string.IsNullOrWhiteSpace(note) ? asked : note, now, cancellationToken);
        if (requester is not null && requester.Id != by.Id)
        {
            await TellStaffAsync(db, ticket, [requester], "staff.signoff.approved", by.Name ?? "—", "approval told to", now, cancellationToken);
        }

        return change;
    }

    /// <summary>A supervisor in scope sends the pending request back with a reason: the ticket stays open, and the one who asked and the assignee hear why.</summary>
    public async Task<TicketChange> SendBackAsync(IntakeDbContext db, Ticket ticket, TicketActor by, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var requester = await CheckSignOffAsync(db, ticket, by, cancellationToken);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new TicketRefusedException(TicketRefusal.ReasonRequired, ticket.Status, null);
        }

        ticket.ClearSignOff();
        var entry = Append(ticket, by, TicketEventKind.SentBack, now, reason);
        entry.ToValue = requester?.Id.ToString(CultureInfo.InvariantCulture);
        var audit = Audit(db, ticket, by, "signoff-sendback", reason, now);
        var told = new List<StaffMember>();
        if (requester is not null)
        {
            told.Add(requester);
        }

        if (ticket.AssigneeId is { } assignee && assignee != requester?.Id && await db.Staff.AsNoTracking().FirstOrDefaultAsync(s => s.Id == assignee && s.IsActive, cancellationToken) is { } member)
        {
            told.Add(member);
        }

        await TellStaffAsync(db, ticket, told, "staff.signoff.sentBack", reason, "sent back to", now, cancellationToken);
        return new TicketChange(ticket, entry, [], audit);
    }

    /// <summary>Whether <paramref name="by"/> may sign off this ticket: an active supervisor or administrator whose scope holds it.</summary>
    public static async Task<bool> MaySignOffAsync(IntakeDbContext db, Ticket ticket, TicketActor by, CancellationToken cancellationToken)
    {
        if (by.Kind != ActorKind.Staff || by.Id is not { } id ||
            await db.Staff.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && s.IsActive, cancellationToken) is not { Role: StaffRole.Supervisor or StaffRole.Administrator } staff)
        {
            return false;
        }

        return await db.Tickets.VisibleTo(staff).AnyAsync(t => t.Id == ticket.Id, cancellationToken);
    }

    /// <summary>The resolution's rules for the category: its after photo is there, and whoever resolves a sign-off category may sign it off.</summary>
    private static async Task CheckCompletionAsync(IntakeDbContext db, Ticket ticket, TicketActor by, CancellationToken cancellationToken)
    {
        if (await db.Categories.AsNoTracking().FirstOrDefaultAsync(c => c.Id == ticket.CategoryId, cancellationToken) is not { } category)
        {
            return;
        }

        if (category.AfterPhotoRequired && ticket.AfterPhotoFileId is null)
        {
            throw new TicketRefusedException(TicketRefusal.AfterPhotoRequired, ticket.Status, TicketStatus.Resolved);
        }

        if (category.SignOffRequired && !await MaySignOffAsync(db, ticket, by, cancellationToken))
        {
            throw new TicketRefusedException(TicketRefusal.SignOffRequired, ticket.Status, TicketStatus.Resolved);
        }
    }

    /// <summary>A sign-off decision needs a pending request and a supervisor in scope; returns who asked (if still on staff).</summary>
    private static async Task<StaffMember?> CheckSignOffAsync(IntakeDbContext db, Ticket ticket, TicketActor by, CancellationToken cancellationToken)
    {
        if (ticket.SignOffRequestedAt is null)
        {
            throw new TicketRefusedException(TicketRefusal.NotAwaitingSignOff, ticket.Status, null);
        }

        if (!await MaySignOffAsync(db, ticket, by, cancellationToken))
        {
            throw new TicketRefusedException(TicketRefusal.SignOffRequired, ticket.Status, TicketStatus.Resolved);
        }

        return ticket.SignOffRequestedById is { } id ? await db.Staff.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken) : null;
    }

    /// <summary>The citizen's status message, as <see cref="MoveAsync"/> words it.</summary>
    private Activity StatusNotice(Ticket ticket, TicketStatus to, string? reason, CultureInfo culture)
    {
        var status = texts.Format("notify.status", culture, TrackingCode.Format(ticket.TrackingCode), TicketReplies.StatusName(new CultureTexts(texts, culture), to));
        return Activity.Message(string.IsNullOrEmpty(reason) ? status : texts.Format("notify.reason", culture, status, reason));
    }

    /// <summary><paramref name="message"/> with the ticket's after photo attached (each channel fetches it by its reference when sending).</summary>
    public static Activity WithAfterPhoto(Ticket ticket, Activity message) => ticket.AfterPhotoFileId is { } file
        ? message with { Attachments = [.. message.Attachments, new ActivityAttachment(AttachmentKinds.Photo, TicketFileReference.For(ticket.Id, file), "image/jpeg")] }
        : message;

    /// <summary>Tells named staff through their linked chats; the thread records who was told and who has no chat linked.</summary>
    private async Task TellStaffAsync(IntakeDbContext db, Ticket ticket, IReadOnlyList<StaffMember> recipients, string key, string why, string what, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reached = new List<string>();
        foreach (var member in recipients)
        {
            if (member.LinkedCitizenId is { } chat && await ChatOutbox.StageAsync(db, chat, ticket.Id, culture =>
                {
                    var category = categories.Find(ticket.CategoryId) is { } c ? (culture.TwoLetterISOLanguageName == "fa" ? c.NameFa : c.NameEn) : "—";
                    return Activity.Message(texts.Format(key, culture, TrackingCode.Format(ticket.TrackingCode), category, why));
                }, now, cancellationToken) is not null)
            {
                reached.Add(member.DisplayName);
            }
        }

        var who = recipients.Count == 0 ? "nobody in scope" : string.Join(", ", recipients.Select(r => r.DisplayName));
        Append(ticket, TicketActor.System, TicketEventKind.SystemMessage, now,
            $"{what} {who}" + (reached.Count < recipients.Count ? $" ({reached.Count} of {recipients.Count} by messenger)" : " (by messenger)"));
    }

    // ---- saving --------------------------------------------------------------------------------------------------

    /// <summary>
    /// Saves what <paramref name="db"/> tracks in one transaction, then ties each event to the message that carried it to
    /// the reporter and each audit entry to its ticket, and wakes the dispatcher. For the panel and the jobs; the bot's
    /// turn saves its own.
    /// </summary>
    public async Task CommitAsync(IntakeDbContext db, CancellationToken cancellationToken, params TicketChange[] changes)
    {
        using (await writeGate.EnterAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            if (Link(changes))
            {
                await db.SaveChangesAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        if (changes.Any(c => c.Messages.Count > 0) || db.ChangeTracker.Entries<OutboxMessage>().Any())
        {
            signal.Notify();
        }
    }

    /// <summary>
    /// For the jobs: runs <paramref name="change"/> inside the write and its transaction, so it re-reads the ticket and
    /// decides on what is committed (a run repeated on another node changes nothing twice). Null from it saves nothing.
    /// </summary>
    public async Task<TicketChange?> SaveAsync(IntakeDbContext db, Func<CancellationToken, Task<TicketChange?>> change, CancellationToken cancellationToken)
    {
        TicketChange? done;
        using (await writeGate.EnterAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            done = await change(cancellationToken);
            if (done is null)
            {
                return null;
            }

            await db.SaveChangesAsync(cancellationToken);
            if (Link([done]))
            {
                await db.SaveChangesAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        signal.Notify();
        return done;
    }

    /// <summary>For a save the caller runs itself (the bot's turn): call after the first SaveChanges; true when another is needed.</summary>
    public static bool Link(IEnumerable<TicketChange> changes)
    {
        var again = false;
        foreach (var change in changes)
        {
            if (change.Event is { } entry && change.Messages.FirstOrDefault(m => m.CitizenId == change.Ticket.CitizenId) is { } own)
            {
                entry.OutboxMessageId = own.Id;
                again = true;
            }

            if (change.Audit is { } audit && audit.TicketId != change.Ticket.Id)
            {
                // A ticket filed in this save had no id when its audit entry was written.
                audit.TicketId = change.Ticket.Id;
                again = true;
            }
        }

        return again;
    }

    // ---- the steps every change shares ---------------------------------------------------------------------------

    /// <summary>
    /// The one status change: checked, recorded, targets renewed when work starts again, first response noted, the citizen
    /// (unless they made it) and followers told, staff audited.
    /// </summary>
    private async Task<TicketChange> MoveAsync(IntakeDbContext db, Ticket ticket, TicketStatus to, TicketActor by, string? text, string? auditAction,
        DateTimeOffset now, CancellationToken cancellationToken, string? toldReason = null, Func<CultureInfo, Activity>? message = null)
    {
        var from = ticket.Status;
        TicketTransitions.Check(from, to, by.Kind);
        if (to == TicketStatus.Rejected && string.IsNullOrWhiteSpace(text))
        {
            throw new TicketRefusedException(TicketRefusal.ReasonRequired, from, to);
        }

        var entry = Append(ticket, by, TicketEventKind.StatusChange, now, string.IsNullOrEmpty(text) ? null : text);
        entry.FromStatus = from;
        entry.ToStatus = to;
        if (from == TicketStatus.Duplicate)
        {
            // Taken back from a master: it stands on its own again.
            ticket.DuplicateOfId = null;
        }

        ticket.MoveTo(to, now);
        EndAgencyHold(ticket, to, now);
        ticket.ClearSignOff();
        if (to.IsOpen() && (!from.IsOpen() || (to == TicketStatus.New && from != TicketStatus.New)))
        {
            // Work starts again: fresh targets, and their reminders and escalations may be sent again; the old after photo proves nothing now.
            RestartTargets(ticket, now, awaitResponse: to == TicketStatus.New);
            ticket.SetAfterPhoto(null);
        }

        if (by.Kind == ActorKind.Staff && TicketRules.IsResponse(TicketEventKind.StatusChange, to))
        {
            ticket.MarkFirstResponse(now);
        }

        var code = TrackingCode.Format(ticket.TrackingCode);
        message ??= by.Kind == ActorKind.System && to == TicketStatus.Closed
            ? culture => Activity.Message(texts.Format("followup.closed", culture, code))
            : culture =>
            {
                var status = texts.Format("notify.status", culture, code, TicketReplies.StatusName(new CultureTexts(texts, culture), to));
                return Activity.Message(string.IsNullOrEmpty(toldReason) ? status : texts.Format("notify.reason", culture, status, toldReason));
            };
        var messages = await ChatOutbox.StageToTicketAsync(db, ticket.Id, ticket.CitizenId, toFollowers: true, message, now, cancellationToken,
            except: by.Kind == ActorKind.Citizen ? by.Id : null, toFollower: culture => Activity.Message(FollowerText(ticket, to, culture)));
        // Status changes are audited whoever makes them (a citizen's reopening, the sweep's closing); other actions only for staff.
        var audit = auditAction is null ? null : Audit(db, ticket, by, auditAction, $"{from} → {to}" + (string.IsNullOrEmpty(text) ? "" : $": {text}"), now, everyone: true);
        logger.LogDebug("Ticket {TicketId} {From} → {To} by {Actor}", ticket.Id, from, to, by.Author);
        return new TicketChange(ticket, entry, messages, audit);
    }

    /// <summary>A follower hears that the report's status changed, not its code, the staff's words or the reporter's.</summary>
    private string FollowerText(Ticket ticket, TicketStatus status, CultureInfo culture)
    {
        var category = categories.Find(ticket.CategoryId);
        var name = category is null ? "—" : culture.TwoLetterISOLanguageName == "fa" ? category.NameFa : category.NameEn;
        return texts.Format("notify.followed", culture, name, TicketReplies.StatusName(new CultureTexts(texts, culture), status));
    }

    private void RestartTargets(Ticket ticket, DateTimeOffset now, bool awaitResponse)
    {
        var category = categories.Find(ticket.CategoryId);
        var targets = category is null ? (ticket.ResponseDueAt, ticket.ResolutionDueAt) : TicketTargets.From(ticket.Kind, category, calendar, now);
        ticket.StartTargets(targets.Item1, targets.Item2, awaitResponse);
    }

    /// <summary>Tells the staff who answer for the ticket, through their linked chats; the thread records who was told.</summary>
    private async Task AlertStaffAsync(IntakeDbContext db, Ticket ticket, string key, string why, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var recipients = await TicketResponsibles.FindAsync(db, ticket.Id, ticket.AssigneeId, skipAssignee: false, null, cancellationToken);
        var reached = 0;
        foreach (var member in recipients)
        {
            if (member.LinkedCitizenId is { } chat && await ChatOutbox.StageAsync(db, chat, ticket.Id, culture =>
                {
                    var category = categories.Find(ticket.CategoryId) is { } c ? (culture.TwoLetterISOLanguageName == "fa" ? c.NameFa : c.NameEn) : "—";
                    return Activity.Message(texts.Format(key, culture, TrackingCode.Format(ticket.TrackingCode), category, why));
                }, now, cancellationToken) is not null)
            {
                reached++;
            }
        }

        var who = recipients.Count == 0 ? "nobody in scope" : string.Join(", ", recipients.Select(r => r.DisplayName));
        Append(ticket, TicketActor.System, TicketEventKind.SystemMessage, now,
            $"reopened by the citizen ({why}): staff told — {who}" + (reached < recipients.Count ? $" ({reached} of {recipients.Count} by messenger)" : string.Empty));
    }

    private static TicketEvent Append(Ticket ticket, TicketActor by, TicketEventKind kind, DateTimeOffset now, string? text = null)
    {
        var entry = TicketEvent.By(by, kind, now, text);
        ticket.Events.Add(entry);
        ticket.UpdatedAt = now;
        return entry;
    }

    /// <summary>Stages the audit entry in the same unit of work as the action; citizens and jobs are audited only for status changes.</summary>
    private AuditEntry? Audit(IntakeDbContext db, Ticket ticket, TicketActor by, string action, string? detail, DateTimeOffset now, bool everyone = false)
    {
        if (by.Kind != ActorKind.Staff && !everyone)
        {
            return null;
        }

        var entry = new AuditEntry
        {
            StaffId = by.Id,
            StaffName = by.Name ?? by.Author,
            Action = action,
            TicketId = ticket.Id,
            Detail = detail is { Length: > 4000 } ? detail[..4000] : detail,
            RemoteAddress = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
            CreatedAt = now,
        };
        db.Audit.Add(entry);
        return entry;
    }

    // ---- place -------------------------------------------------------------------------------------------------

    /// <summary>
    /// Staff correct where the ticket is: a point (its district found by the same lookup as the intake's) or, without a map,
    /// only a district (a point left in another district is dropped). A point outside every district is refused; an
    /// unchanged place stages nothing (the change's event is null).
    /// </summary>
    public TicketChange Relocate(IntakeDbContext db, Ticket ticket, TicketActor by, GeoPoint? point, District? district, DateTimeOffset now)
    {
        int? districtId;
        if (point is not null)
        {
            var found = serviceArea.Locate(point);
            if (!found.InServiceArea)
            {
                throw new TicketRefusedException(TicketRefusal.OutsideServiceArea, ticket.Status, null);
            }

            districtId = found.DistrictId;
        }
        else if (district is not null)
        {
            districtId = district.Id;
            var kept = ticket.Latitude is { } lat && ticket.Longitude is { } lon ? new GeoPoint(lat, lon) : null;
            point = kept is not null && serviceArea.Locate(kept).DistrictId == district.Id ? kept : null;
        }
        else
        {
            throw new TicketRefusedException(TicketRefusal.WrongState, ticket.Status, null);
        }

        var from = PlaceValue(ticket.Latitude, ticket.Longitude, ticket.DistrictId);
        var to = PlaceValue(point?.Latitude, point?.Longitude, districtId);
        if (from == to)
        {
            return new TicketChange(ticket, null, []);
        }

        ticket.Latitude = point?.Latitude;
        ticket.Longitude = point?.Longitude;
        ticket.DistrictId = districtId;
        var entry = Append(ticket, by, TicketEventKind.PlaceCorrected, now);
        (entry.FromValue, entry.ToValue) = (from, to);
        var named = serviceArea.Find(districtId) is { } d ? $"{d.NameEn} ({d.NameFa})" : "-";
        return new TicketChange(ticket, entry, [], Audit(db, ticket, by, "place", $"place corrected: {from} → {to} · {named}", now));
    }

    /// <summary>A place as data: "latitude,longitude|districtId" (either part empty), invariant digits.</summary>
    public static string PlaceValue(double? latitude, double? longitude, int? districtId) =>
        (latitude is { } lat && longitude is { } lon ? string.Create(CultureInfo.InvariantCulture, $"{lat:0.######},{lon:0.######}") : string.Empty)
        + "|" + districtId?.ToString(CultureInfo.InvariantCulture);

    /// <summary>A referral's place as data: the department and the district id, joined by '|' (departments never hold one).</summary>
    private static string ReferralValue(string? department, int? districtId) =>
        $"{department}|{districtId?.ToString(CultureInfo.InvariantCulture)}";

    // ---- outside agencies ----------------------------------------------------------------------------------------

    /// <summary>
    /// Hands an open ticket to an outside body with its reference number and the day it expects to answer by: the city's
    /// clocks pause (nothing is overdue or reminded) until <see cref="RecordAgencyAnswerAsync"/>; the citizen and followers
    /// are told who holds it and when to expect news, which is a first response.
    /// </summary>
    public async Task<TicketChange> ReferToAgencyAsync(IntakeDbContext db, Ticket ticket, OutsideAgency agency, string? reference, DateTimeOffset expectedOn,
        TicketActor by, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!ticket.Status.IsOpen() || ticket.AgencySince is not null || !agency.IsActive)
        {
            throw new TicketRefusedException(TicketRefusal.WrongState, ticket.Status, null);
        }

        reference = string.IsNullOrWhiteSpace(reference) ? null : reference.Trim();
        ticket.HandToAgency(agency.Id, reference, expectedOn, now);
        var entry = Append(ticket, by, TicketEventKind.AgencyReferred, now, reference);
        entry.ToValue = AgencyValue(agency.Id, expectedOn);
        if (by.Kind == ActorKind.Staff)
        {
            ticket.MarkFirstResponse(now);
        }

        var code = TrackingCode.Format(ticket.TrackingCode);
        var messages = await ChatOutbox.StageToTicketAsync(db, ticket.Id, ticket.CitizenId, toFollowers: true, culture =>
        {
            var told = texts.Format("notify.agency", culture, code, AgencyName(agency, culture), JalaliDate.Format(expectedOn, calendar.Zone, culture, withTime: false));
            return Activity.Message(reference is null ? told : texts.Format("notify.agency.reference", culture, told, reference));
        }, now, cancellationToken);
        var expected = JalaliDate.Format(expectedOn, calendar.Zone, CultureInfo.InvariantCulture, withTime: false);
        var audit = Audit(db, ticket, by, "agency-refer", $"{agency.NameEn} ({agency.NameFa})" + (reference is null ? "" : $" #{reference}") + $", expected {expected}", now);
        logger.LogInformation("Ticket {TicketId} referred to agency {AgencyId}, answer expected {Expected}", ticket.Id, agency.Id, expected);
        return new TicketChange(ticket, entry, messages, audit);
    }

    /// <summary>
    /// Staff record the holding body's answer: the ticket returns to the municipality (the event's actor is the agency),
    /// its resolution due time moves on by the working time the body held it, and the citizen and followers are told.
    /// </summary>
    public async Task<TicketChange> RecordAgencyAnswerAsync(IntakeDbContext db, Ticket ticket, string answer, TicketActor recordedBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (ticket.AgencySince is not { } since || ticket.AgencyId is not { } agencyId ||
            await db.OutsideAgencies.AsNoTracking().FirstOrDefaultAsync(a => a.Id == agencyId, cancellationToken) is not { } agency)
        {
            throw new TicketRefusedException(TicketRefusal.WrongState, ticket.Status, null);
        }

        var held = calendar.WorkingTimeBetween(since, now);
        // The paused clock resumes where it stopped: the due time moves by the working time held, in working hours.
        var due = ticket.ResolutionDueAt is { } before && held > TimeSpan.Zero ? calendar.AddWorkingHours(before, held.TotalHours) : ticket.ResolutionDueAt;
        ticket.ReturnFromAgency(held, due, now);
        var entry = Append(ticket, TicketActor.Agency(agency.Id, agency.NameEn), TicketEventKind.AgencyAnswered, now, answer);
        entry.FromValue = agency.Id.ToString(CultureInfo.InvariantCulture);
        entry.ToValue = ((long)held.TotalMinutes).ToString(CultureInfo.InvariantCulture);

        var code = TrackingCode.Format(ticket.TrackingCode);
        var messages = await ChatOutbox.StageToTicketAsync(db, ticket.Id, ticket.CitizenId, toFollowers: true,
            culture => Activity.Message(texts.Format("notify.agency.answered", culture, code, AgencyName(agency, culture))), now, cancellationToken);
        var audit = Audit(db, ticket, recordedBy, "agency-answer", $"{agency.NameEn}: {answer}", now);
        logger.LogInformation("Ticket {TicketId} answered by agency {AgencyId} after {Held} working time", ticket.Id, agency.Id, held);
        return new TicketChange(ticket, entry, messages, audit);
    }

    /// <summary>Marks that staff were reminded to chase the holding body; false when they already were for this referral.</summary>
    public static bool MarkAgencyChased(Ticket ticket, DateTimeOffset now)
    {
        if (ticket.AgencySince is null || ticket.AgencyChasedAt is not null)
        {
            return false;
        }

        ticket.MarkAgencyChased(now);
        return true;
    }

    /// <summary>A ticket finished (resolved, closed, rejected, merged) while a body held it is no longer held; the time held still counts.</summary>
    private void EndAgencyHold(Ticket ticket, TicketStatus to, DateTimeOffset now)
    {
        if (!to.IsOpen() && ticket.AgencySince is { } since)
        {
            ticket.ReturnFromAgency(calendar.WorkingTimeBetween(since, now), ticket.ResolutionDueAt, now);
        }
    }

    private static string AgencyName(OutsideAgency agency, CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "fa" ? agency.NameFa : agency.NameEn;

    /// <summary>A referral to an agency as data: its id and the expected day (Gregorian, the city's zone), joined by '|'.</summary>
    private string AgencyValue(int agencyId, DateTimeOffset expectedOn) =>
        string.Create(CultureInfo.InvariantCulture, $"{agencyId}|{TimeZoneInfo.ConvertTime(expectedOn, calendar.Zone):yyyy-MM-dd}");

    // ---- personal data -------------------------------------------------------------------------------------------

    /// <summary>
    /// The reporter asked to be erased: the ticket stays for the city's work but points at the placeholder citizen, their
    /// words lose phone numbers and e-mail addresses, and staff can no longer reply. Events, times and figures stay.
    /// </summary>
    public TicketChange ForgetReporter(IntakeDbContext db, Ticket ticket, long placeholderCitizenId, DateTimeOffset now)
    {
        var citizenId = ticket.CitizenId;
        ticket.ForgetReporter(placeholderCitizenId, now);
        ticket.Description = PersonalDataMask.Apply(ticket.Description)!;
        ticket.AddressText = PersonalDataMask.Apply(ticket.AddressText);
        ticket.SatisfactionComment = PersonalDataMask.Apply(ticket.SatisfactionComment);
        foreach (var entry in ticket.Events)
        {
            entry.Text = PersonalDataMask.Apply(entry.Text);
            if (entry.ActorKind == ActorKind.Citizen && entry.ActorId == citizenId)
            {
                // Still the reporter's words for the statistics, no longer anyone's.
                entry.ActorId = placeholderCitizenId;
                entry.Author = TicketActor.Citizen(placeholderCitizenId).Author;
            }
        }

        var erased = Append(ticket, TicketActor.System, TicketEventKind.SystemMessage, now, "The citizen asked to be erased: their details are gone and replies can no longer reach them.");
        return new TicketChange(ticket, erased, [], Audit(db, ticket, TicketActor.System, "citizen-erased", TrackingCode.Format(ticket.TrackingCode), now, everyone: true));
    }

    /// <summary>
    /// Removes everything personal from a finished ticket (retention, or its reporter's erasure): the reporter link and
    /// followers, the words masked, photos deleted (their files listed for deletion after the commit), the place
    /// coarsened to about 100 m. Status, times, category, district, kind, channel, rating and events stay for the figures.
    /// <paramref name="ticket"/> is tracked with its events and attachments.
    /// </summary>
    public async Task<TicketChange> AnonymiseAsync(IntakeDbContext db, Ticket ticket, long placeholderCitizenId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (ticket.Status.IsOpen())
        {
            throw new TicketRefusedException(TicketRefusal.WrongState, ticket.Status, null);
        }

        TicketChange change;
        if (ticket.CitizenId == placeholderCitizenId)
        {
            // Its reporter was erased earlier (while it was open): only what the work needed is left to remove.
            change = new TicketChange(ticket, Append(ticket, TicketActor.System, TicketEventKind.SystemMessage, now, AnonymisedNote), [],
                Audit(db, ticket, TicketActor.System, "anonymised", TrackingCode.Format(ticket.TrackingCode), now, everyone: true));
        }
        else
        {
            change = ForgetReporter(db, ticket, placeholderCitizenId, now);
            // Retention is not an erasure request: the ticket says anonymised, not "citizen erased".
            ticket.ClearCitizenErased();
            change.Event!.Text = AnonymisedNote;
            change.Audit!.Action = "anonymised";
        }

        ticket.AddressText = null;
        ticket.Latitude = Coarse(ticket.Latitude);
        ticket.Longitude = Coarse(ticket.Longitude);
        foreach (var file in ticket.Attachments)
        {
            await RemoveFileAsync(db, file, "removed with the personal details", now, cancellationToken);
        }

        ticket.MarkAnonymised(now);
        // Tracked removals, not ExecuteDelete: the caller's commit (a turn's, or the retention's per-ticket one) holds all of it.
        db.TicketFollowers.RemoveRange(await db.TicketFollowers.Where(f => f.TicketId == ticket.Id).ToListAsync(cancellationToken));
        // What was sent about it named the chat and repeated the words; the thread keeps the words (masked).
        foreach (var sent in await db.Outbox.Where(m => m.TicketId == ticket.Id && m.State != OutboxState.Pending).ToListAsync(cancellationToken))
        {
            db.Outbox.Remove(sent);
        }

        foreach (var entry in ticket.Events)
        {
            entry.OutboxMessageId = null;
        }

        foreach (var audit in await db.Audit.Where(a => a.TicketId == ticket.Id && a.Detail != null).ToListAsync(cancellationToken))
        {
            audit.Detail = PersonalDataMask.Apply(audit.Detail);
        }

        return change;
    }

    /// <summary>
    /// Staff redact a citizen's message or a photo (a reason required, audited): the words are replaced and the file
    /// deleted after the commit (listed in <paramref name="db"/>), not hidden. Exactly one of the two is given.
    /// </summary>
    public async Task<TicketChange> RedactAsync(IntakeDbContext db, Ticket ticket, TicketEvent? entry, Attachment? file, TicketActor by, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new TicketRefusedException(TicketRefusal.ReasonRequired, ticket.Status, null);
        }

        reason = reason.Trim();
        string what;
        if (file is not null)
        {
            if (ticket.AfterPhotoFileId == file.ChannelFileId)
            {
                ticket.SetAfterPhoto(null);
            }

            what = $"photo {file.Id}";
            await RawCopies.ForgetAsync(db, ticket.CitizenId, null, file.ChannelFileId, Redacted, cancellationToken);
            await RemoveFileAsync(db, file, "redacted by staff", now, cancellationToken);
        }
        else if (entry is { ActorKind: ActorKind.Citizen, Text: not null } && entry.Text != Redacted)
        {
            what = $"message {entry.Id}";
            if (entry.Kind == TicketEventKind.StatusChange && entry.ToStatus == TicketStatus.New && entry.Text == ticket.Description)
            {
                ticket.Description = Redacted; // the report's words are its first message
            }

            if (entry.Kind == TicketEventKind.Rated)
            {
                ticket.SatisfactionComment = null;
            }

            await RawCopies.ForgetAsync(db, ticket.CitizenId, entry.Text, null, Redacted, cancellationToken);
            entry.Text = Redacted;
        }
        else
        {
            throw new TicketRefusedException(TicketRefusal.WrongState, ticket.Status, null);
        }

        var noted = Append(ticket, by, TicketEventKind.SystemMessage, now, $"Redacted {what}: {reason}");
        return new TicketChange(ticket, noted, [], Audit(db, ticket, by, "redact", $"{what}: {reason}", now));
    }

    private const string AnonymisedNote = "Anonymised: the personal details were removed; the figures remain.";

    /// <summary>What a redacted message reads from then on.</summary>
    public const string Redacted = "[redacted]";

    /// <summary>About 100 m: three decimals of a degree (111 m of latitude, less of longitude).</summary>
    private static double? Coarse(double? degrees) => degrees is { } d ? Math.Round(d, 3, MidpointRounding.AwayFromZero) : null;

    /// <summary>Unlinks a file from its attachment so nothing can fetch it again, and lists the stored copies (the web chat's upload too) for deletion after the commit.</summary>
    private static async Task RemoveFileAsync(IntakeDbContext db, Attachment file, string why, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var paths = new List<string>();
        if (file.StoredPath is { } stored)
        {
            paths.Add(stored);
        }

        var channelFileId = file.ChannelFileId;
        foreach (var upload in await db.WebChatUploads.Where(u => u.Id == channelFileId).ToListAsync(cancellationToken))
        {
            paths.Add(upload.StoredPath);
            db.WebChatUploads.Remove(upload);
        }

        foreach (var path in paths.Distinct(StringComparer.Ordinal))
        {
            db.PendingFileDeletions.Add(new PendingFileDeletion { StoredPath = path, CreatedAt = now });
        }

        file.StoredPath = null;
        file.ChannelFileId = $"removed:{file.Id.ToString(CultureInfo.InvariantCulture)}";
        file.FileName = null;
        file.DownloadAttempts = AttachmentDownloader.MaxAttempts; // nothing left to fetch
        file.DownloadError = why;
    }
}
