using ChatIntake.Admin.Queue;
using ChatIntake.Admin.Staff;
using ChatIntake.Staff;
using ChatIntake.Admin.Texts;
using ChatIntake.Data;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;
using ChatIntake.Outbox;
using ChatIntake.Tickets;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatIntake.Admin.Pages.Tickets;

/// <summary>
/// One ticket: its whole thread with delivery states, place, due times and citizen, and every staff action on it.
/// Each handler loads the ticket through the staff member's scope first, so a ticket outside it is "not found".
/// </summary>
public sealed class DetailsModel(
    IntakeDbContext db,
    CurrentStaff current,
    TicketWorkflow workflow,
    AfterPhotoUpload afterPhotos,
    ChatIntake.Privacy.StoredFileEraser fileEraser,
    AdminText texts,
    IOptions<AdminOptions> options,
    IOptions<ChatIntake.Channels.DirectLine.DirectLineOptions> directLine,
    WriteGate writeGate,
    ServiceArea serviceArea,
    TimeProvider time) : PageModel
{
    private const int MaxText = 4000;
    private const int MaxReference = 100;

    public Ticket Ticket { get; private set; } = null!;
    public StaffMember Me { get; private set; } = null!;
    public IReadOnlyList<TicketEvent> Events { get; private set; } = [];
    public IReadOnlyDictionary<long, OutboxMessage> Deliveries { get; private set; } = new Dictionary<long, OutboxMessage>();
    /// <summary>Messages about this ticket to its followers (the reporter's are shown on their events), with who got them.</summary>
    public IReadOnlyList<(OutboxMessage Message, string? Name)> FollowerDeliveries { get; private set; } = [];
    public IReadOnlyDictionary<long, string> StaffNames { get; private set; } = new Dictionary<long, string>();
    public IReadOnlyList<StaffMember> Assignable { get; private set; } = [];
    public IReadOnlyList<string> Departments { get; private set; } = [];
    public IReadOnlyList<District> Districts { get; private set; } = [];
    public IReadOnlyList<Texts.CannedReply> CannedReplies { get; private set; } = [];
    /// <summary>The citizen's other tickets within the reader's scope; the rest are not named.</summary>
    public IReadOnlyList<(long Id, string Code, TicketStatus Status)> OtherTickets { get; private set; } = [];
    public IReadOnlyList<(long Id, string Code)> Duplicates { get; private set; } = [];
    public string? MasterCode { get; private set; }
    public long? MasterId { get; private set; }
    public int Followers { get; private set; }
    public bool HasChat { get; private set; }

    /// <summary>For a web-chat citizen: when their chat page was last open (null: not since this was recorded), and whether that is too long ago to count on.</summary>
    public (DateTimeOffset? SeenAt, bool Stale)? WebChat { get; private set; }

    /// <summary>How far each of the citizen's web chats has been fetched by its page.</summary>
    private Dictionary<string, long> _fetched = [];
    public string Stamp { get; private set; } = string.Empty;
    public DateTimeOffset Now { get; private set; }
    public MapTiles? Map { get; private set; }
    public string? Error { get; private set; }

    /// <summary>The photo of the finished work, when one is attached.</summary>
    public Attachment? AfterPhoto { get; private set; }

    /// <summary>Whether this staff member may approve or send back a pending request (a supervisor or administrator in scope).</summary>
    public bool MaySignOff { get; private set; }

    /// <summary>The pending request's note, from its event.</summary>
    public string? SignOffNote { get; private set; }

    /// <summary>The form whose action was refused, so what was typed goes back into that form.</summary>
    public string? RefusedForm { get; private set; }

    /// <summary>What the staff member typed, kept when the action is refused.</summary>
    [BindProperty] public string? Text { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? Master { get; set; }
    [BindProperty] public string? AgencyReference { get; set; }
    [BindProperty] public string? AgencyExpected { get; set; }

    /// <summary>The composer's mode: "reply" (the citizen hears it) or "note" (staff only).</summary>
    [BindProperty] public string? Mode { get; set; }

    /// <summary>The composer's status menu: empty keeps the status.</summary>
    [BindProperty] public TicketStatus? SetStatus { get; set; }

    /// <summary>The queue view the ticket was opened from (its query string), for "next ticket in this view".</summary>
    public string? In { get; private set; }

    /// <summary>This page, keeping the view it was opened from.</summary>
    public string SelfUrl => $"/admin/tickets/{Ticket.Id}" + (In is null ? string.Empty : "?in=" + Uri.EscapeDataString(In));

    /// <summary>A form's target on this page, keeping the view it was opened from.</summary>
    public string ActionUrl(string handler) => $"/admin/tickets/{Ticket.Id}?handler={handler}" + (In is null ? string.Empty : "&in=" + Uri.EscapeDataString(In));

    /// <summary>The queue finds the ticket after this one in the same view.</summary>
    public string NextUrl => "/admin?" + (string.IsNullOrEmpty(In) ? string.Empty : In + "&") + "handler=next&after=" + Ticket.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every outside agency (inactive ones still name old events); active ones are offered for referral.</summary>
    public IReadOnlyList<OutsideAgency> Agencies { get; private set; } = [];

    /// <summary>The outside body holding the ticket now, if any.</summary>
    public OutsideAgency? HoldingAgency => Ticket.AgencyId is { } agencyId ? Agencies.FirstOrDefault(a => a.Id == agencyId) : null;

    /// <summary>The picker's tile URL when a map is set up (Admin:MapTileUrl); without it the place form offers only the district.</summary>
    public string? TileUrl => string.IsNullOrEmpty(options.Value.MapTileUrl) ? null : options.Value.MapTileUrl;

    /// <summary>Where the picker opens when the ticket has no point: the middle of the service area.</summary>
    public GeoPoint? Centre => serviceArea.Centre;

    public string EffectiveDepartment => Ticket.Department ?? Ticket.Category?.Department ?? "—";

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        await MarkReadAsync(cancellationToken);
        return Page();
    }

    /// <summary>
    /// The one composer: a reply or an internal note, with an optional new status, in one submit. A reply with a status is
    /// one message to the citizen; a status alone is the usual status message; a note is never sent.
    /// </summary>
    public Task<IActionResult> OnPostComposeAsync(long id, CancellationToken cancellationToken) => ActAsync(id, "compose", async ticket =>
    {
        var text = PersianText.Clean(Text);
        var note = Mode == "note";
        if (text.Length > MaxText)
        {
            return texts.Format("error.textLong", MaxText, text.Length);
        }

        if (SetStatus is { } chosen && (chosen == TicketStatus.Duplicate || !Enum.IsDefined(chosen)))
        {
            return texts["error.badStatus"];
        }

        if (SetStatus == ticket.Status)
        {
            return texts["error.sameStatus"];
        }

        if (text.Length == 0 && SetStatus is null)
        {
            return texts["error.textRequired"];
        }

        if (!note && text.Length > 0 && !await db.Conversations.AnyAsync(c => c.CitizenId == ticket.CitizenId && c.Channel == ticket.Citizen!.Channel, cancellationToken))
        {
            return texts["error.noChat"];
        }

        var changes = new List<TicketChange>();
        if (note && text.Length > 0)
        {
            changes.Add(workflow.AddNote(db, ticket, Actor, text, Now));
        }

        if (SetStatus is { } to)
        {
            changes.AddRange(!note && text.Length > 0
                ? await workflow.ReplyWithStatusAsync(db, ticket, Actor, text, to, Now, cancellationToken)
                : [await workflow.ChangeStatusAsync(db, ticket, to, Actor, null, Now, cancellationToken)]);
        }
        else if (!note)
        {
            changes.Add(await workflow.ReplyAsync(db, ticket, Actor, text, Now, cancellationToken));
        }

        await workflow.CommitAsync(db, cancellationToken, [.. changes]);
        return Done(SetStatus is null ? (note ? "action.done.note" : "action.done.reply")
            : ticket.SignOffRequestedAt is not null ? "action.done.signOffRequested"
            : text.Length > 0 && !note ? "action.done.replyStatus" : "action.done.status");
    }, cancellationToken);

    public Task<IActionResult> OnPostReplyAsync(long id, CancellationToken cancellationToken) => ActAsync(id, "reply", async ticket =>
    {
        if (CheckText(Text) is { } problem)
        {
            return problem;
        }

        if (ticket.CitizenErasedAt is not null || ticket.AnonymisedAt is not null)
        {
            return texts["error.citizenErased"];
        }

        if (!await db.Conversations.AnyAsync(c => c.CitizenId == ticket.CitizenId && c.Channel == ticket.Citizen!.Channel, cancellationToken))
        {
            return texts["error.noChat"];
        }

        await workflow.CommitAsync(db, cancellationToken, await workflow.ReplyAsync(db, ticket, Actor, PersianText.Clean(Text), Now, cancellationToken));
        return Done("action.done.reply");
    }, cancellationToken);

    public Task<IActionResult> OnPostNoteAsync(long id, CancellationToken cancellationToken) => ActAsync(id, "note", async ticket =>
    {
        if (CheckText(Text) is { } problem)
        {
            return problem;
        }

        await workflow.CommitAsync(db, cancellationToken, workflow.AddNote(db, ticket, Actor, PersianText.Clean(Text), Now));
        return Done("action.done.note");
    }, cancellationToken);

    /// <summary>A field visit, or a citizen's phone call about the open ticket: recorded for the weekly cycle and the follow-up figures.</summary>
    public Task<IActionResult> OnPostFieldVisitAsync(long id, CancellationToken cancellationToken) => RecordAsync(id, "fieldVisit", "action.done.fieldVisit",
        (ticket, note) => workflow.RecordFieldVisit(db, ticket, Actor, note, Now), cancellationToken);

    public Task<IActionResult> OnPostCallAsync(long id, CancellationToken cancellationToken) => RecordAsync(id, "fieldVisit", "action.done.call",
        (ticket, note) => workflow.LogCall(db, ticket, Actor, note, Now), cancellationToken);

    private Task<IActionResult> RecordAsync(long id, string form, string done, Func<Ticket, string?, TicketChange> record, CancellationToken cancellationToken) => ActAsync(id, form, async ticket =>
    {
        var note = PersianText.Clean(Text);
        if (!TicketRules.IsOpen(ticket) || note.Length > MaxText)
        {
            return note.Length > MaxText ? texts.Format("error.textLong", MaxText, note.Length) : texts["action.notOpen"];
        }

        await workflow.CommitAsync(db, cancellationToken, record(ticket, note.Length > 0 ? note : null));
        return Done(done);
    }, cancellationToken);

    public Task<IActionResult> OnPostStatusAsync(long id, TicketStatus? status, CancellationToken cancellationToken) => ActAsync(id, "status", async ticket =>
    {
        var reason = PersianText.Clean(Reason);
        if (status is not { } to || to == TicketStatus.Duplicate || !Enum.IsDefined(to))
        {
            return texts["error.badStatus"];
        }

        if (to == ticket.Status)
        {
            return texts["error.sameStatus"];
        }

        if (reason.Length > MaxText)
        {
            return texts.Format("error.textLong", MaxText, reason.Length);
        }

        await workflow.CommitAsync(db, cancellationToken, await workflow.ChangeStatusAsync(db, ticket, to, Actor, reason.Length > 0 ? reason : null, Now, cancellationToken));
        return Done(ticket.SignOffRequestedAt is not null ? "action.done.signOffRequested" : "action.done.status");
    }, cancellationToken);

    public Task<IActionResult> OnPostReferAsync(long id, string? department, int? district, CancellationToken cancellationToken) => ActAsync(id, "refer", async ticket =>
    {
        var departments = await KnownDepartmentsAsync(cancellationToken);
        var toDepartment = string.IsNullOrWhiteSpace(department) ? null : department.Trim();
        var toDistrict = district is { } d ? await db.Districts.AsNoTracking().FirstOrDefaultAsync(x => x.Id == d, cancellationToken) : null;
        if (toDepartment is null && toDistrict is null)
        {
            return texts["error.referNothing"];
        }

        if ((toDepartment is not null && !departments.Contains(toDepartment)) || (district is not null && toDistrict is null))
        {
            return texts["error.badChoice"];
        }

        await workflow.CommitAsync(db, cancellationToken, await workflow.ReferAsync(db, ticket, Actor, toDepartment, toDistrict, Now, cancellationToken));
        if (!await db.Tickets.VisibleTo(Me).AnyAsync(t => t.Id == ticket.Id, cancellationToken))
        {
            // Referred out of this staff member's own departments or districts: back to their queue, not to a "not found".
            TempData["Flash"] = texts["action.done.referAway"];
            return Redirect("/admin");
        }

        return Done("action.done.refer");
    }, cancellationToken);

    /// <summary>Staff correct the ticket's place: a point (from the map's pin or the boxes) or, without a map, a district.</summary>
    public Task<IActionResult> OnPostPlaceAsync(long id, string? latitude, string? longitude, int? district, CancellationToken cancellationToken) => ActAsync(id, "place", async ticket =>
    {
        GeoPoint? point = null;
        District? toDistrict = null;
        if (!string.IsNullOrWhiteSpace(latitude) || !string.IsNullOrWhiteSpace(longitude))
        {
            if (!NewModel.TryNumber(latitude, out var lat) || !NewModel.TryNumber(longitude, out var lon) || !new GeoPoint(lat, lon).IsValid)
            {
                return texts["new.coordinatesInvalid"];
            }

            point = new GeoPoint(lat, lon);
        }
        else if (district is { } chosen)
        {
            toDistrict = serviceArea.Find(chosen);
            if (toDistrict is null)
            {
                return texts["error.badChoice"];
            }
        }
        else
        {
            return texts["error.placeNothing"];
        }

        var change = workflow.Relocate(db, ticket, Actor, point, toDistrict, Now);
        if (change.Event is null)
        {
            return Done("action.done.unchanged");
        }

        await workflow.CommitAsync(db, cancellationToken, change);
        if (!await db.Tickets.VisibleTo(Me).AnyAsync(t => t.Id == ticket.Id, cancellationToken))
        {
            // Moved out of this staff member's districts, as a referral may: back to their queue, not to a "not found".
            TempData["Flash"] = texts["action.done.placeAway"];
            return Redirect("/admin");
        }

        return Done("action.done.place");
    }, cancellationToken);

    public Task<IActionResult> OnPostAssignAsync(long id, string? assignee, CancellationToken cancellationToken) => ActAsync(id, "assign", async ticket =>
    {
        var (known, person) = await Assignment.ResolveAsync(db, Me, assignee, cancellationToken);
        if (!known)
        {
            return texts["error.badChoice"];
        }

        if (await Assignment.RefusalAsync(db, texts, Me, ticket, person, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var change = workflow.Assign(db, ticket, Actor, person, Now);
        if (change.Event is null)
        {
            return Done("action.done.unchanged");
        }

        await workflow.CommitAsync(db, cancellationToken, change);
        return Done(person?.Id == Me.Id ? "action.done.taken" : "action.done.assign");
    }, cancellationToken);

    public Task<IActionResult> OnPostPriorityAsync(long id, TicketPriority? priority, CancellationToken cancellationToken) => ActAsync(id, "priority", async ticket =>
    {
        if (priority is not { } to || !Enum.IsDefined(to))
        {
            return texts["error.badChoice"];
        }

        await workflow.CommitAsync(db, cancellationToken, workflow.Prioritise(db, ticket, Actor, to, Now));
        return Done("action.done.priority");
    }, cancellationToken);

    public Task<IActionResult> OnPostDuplicateAsync(long id, CancellationToken cancellationToken) => ActAsync(id, "duplicate", async ticket =>
    {
        if (ticket.Status == TicketStatus.Duplicate)
        {
            return texts["error.closedDuplicate"];
        }

        if (!TrackingCode.TryNormalize(Master, out var masterCode) ||
            await db.Tickets.VisibleTo(Me).FirstOrDefaultAsync(t => t.TrackingCode == masterCode, cancellationToken) is not { } master)
        {
            return texts["error.masterCode"];
        }

        if (master.Id == ticket.Id)
        {
            return texts["error.masterSelf"];
        }

        if (master.DuplicateOfId is { } grand)
        {
            // Its master is named only to a reader who may see it.
            var grandCode = await db.Tickets.VisibleTo(Me).Where(t => t.Id == grand).Select(t => t.TrackingCode).FirstOrDefaultAsync(cancellationToken);
            return grandCode is null ? texts["error.masterDuplicateElsewhere"] : texts.Format("error.masterDuplicate", TrackingCode.Format(grandCode));
        }

        await workflow.CommitAsync(db, cancellationToken, await workflow.MarkDuplicateAsync(db, ticket, master, Actor, Now, cancellationToken));
        return Done("action.done.duplicate");
    }, cancellationToken);

    public Task<IActionResult> OnPostAgencyAsync(long id, int? agency, CancellationToken cancellationToken) => ActAsync(id, "agency", async ticket =>
    {
        if (!ticket.Status.IsOpen())
        {
            return texts["error.agencyClosed"];
        }

        if (ticket.AgencySince is not null)
        {
            return texts["error.agencyAlready"];
        }

        var chosen = agency is { } agencyId ? await db.OutsideAgencies.AsNoTracking().FirstOrDefaultAsync(a => a.Id == agencyId && a.IsActive, cancellationToken) : null;
        if (chosen is null)
        {
            return texts["error.badChoice"];
        }

        var reference = PersianText.Clean(AgencyReference);
        if (reference.Length > MaxReference)
        {
            return texts.Format("error.agencyReference", MaxReference);
        }

        if (!DateInput.TryParse(AgencyExpected, texts.Zone, out var expectedOn))
        {
            return texts.Format("error.agencyDate", PersianText.Clean(AgencyExpected), texts["agency.dateHint"]);
        }

        var today = TimeZoneInfo.ConvertTime(Now, texts.Zone).Date;
        var day = TimeZoneInfo.ConvertTime(expectedOn, texts.Zone).Date;
        if (day < today || day > today.AddYears(1))
        {
            return texts["error.agencyDatePast"];
        }

        await workflow.CommitAsync(db, cancellationToken,
            await workflow.ReferToAgencyAsync(db, ticket, chosen, reference.Length > 0 ? reference : null, expectedOn, Actor, Now, cancellationToken));
        return Done("action.done.agency");
    }, cancellationToken);

    public Task<IActionResult> OnPostAgencyAnswerAsync(long id, CancellationToken cancellationToken) => ActAsync(id, "agencyAnswer", async ticket =>
    {
        if (ticket.AgencySince is null)
        {
            return texts["error.agencyNotHeld"];
        }

        if (CheckText(Text) is { } problem)
        {
            return problem;
        }

        await workflow.CommitAsync(db, cancellationToken, await workflow.RecordAgencyAnswerAsync(db, ticket, PersianText.Clean(Text), Actor, Now, cancellationToken));
        return Done("action.done.agencyAnswer");
    }, cancellationToken);

    /// <summary>The holding agency's expected answer day has ended (the chase reminder's rule).</summary>
    public bool AgencyLate
    {
        get
        {
            var today = TimeZoneInfo.ConvertTime(Now, texts.Zone).Date;
            return TicketRules.IsAgencyLate(Ticket, new DateTimeOffset(today, texts.Zone.GetUtcOffset(today)));
        }
    }

    /// <summary>An agency's name in the panel's language; an agency deleted since shows as "—".</summary>
    public string AgencyName(long? agencyId) =>
        Agencies.FirstOrDefault(a => a.Id == agencyId) is { } agency ? (texts.IsPersian ? agency.NameFa : agency.NameEn) : "—";

    /// <summary>An agency event as staff read it: where it went, its reference and expected day; or the answer and the time held.</summary>
    public string ShowAgency(TicketEvent entry)
    {
        if (entry.Kind == TicketEventKind.AgencyAnswered)
        {
            var minutes = long.TryParse(entry.ToValue, System.Globalization.CultureInfo.InvariantCulture, out var m) ? m : 0;
            return texts.Format("agency.event.answered", entry.Text, texts.Digits((minutes / 60.0).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)));
        }

        var parts = (entry.ToValue ?? string.Empty).Split('|');
        var agencyId = int.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : (int?)null;
        var expected = parts.Length > 1 && DateInput.TryParse(parts[1], texts.Zone, out var day) ? texts.Date(day, withTime: false) : "—";
        return texts.Format("agency.event.referred", AgencyName(agencyId), string.IsNullOrEmpty(entry.Text) ? "—" : entry.Text, expected);
    }

    /// <summary>Working hours in the panel's digits, to one decimal.</summary>
    public string Hours(TimeSpan time) =>
        texts.Format("agency.hours", texts.Digits(time.TotalHours.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)));

    public Task<IActionResult> OnPostAfterPhotoAsync(long id, IFormFile? photo, CancellationToken cancellationToken) => ActAsync(id, "afterphoto", async ticket =>
    {
        if (photo is null || photo.Length == 0)
        {
            return texts["error.afterPhoto.empty"];
        }

        if (!ticket.Status.IsOpen())
        {
            return texts["error.afterPhoto.closed"];
        }

        await using var content = photo.OpenReadStream();
        var (file, problem) = await afterPhotos.SaveAsync(ticket.Id, content, photo.FileName, cancellationToken);
        if (file is null)
        {
            return problem == "tooLarge" ? texts.Format("error.afterPhoto.tooLarge", AfterPhotoUpload.MaxBytes / (1024 * 1024)) : texts["error.afterPhoto." + problem];
        }

        var note = PersianText.Clean(Text);
        await workflow.CommitAsync(db, cancellationToken, workflow.AttachAfterPhoto(db, ticket, Actor, file, note.Length > 0 ? note[..Math.Min(note.Length, MaxText)] : null, Now));
        return Done("action.done.afterPhoto");
    }, cancellationToken);

    public Task<IActionResult> OnPostSignOffAsync(long id, CancellationToken cancellationToken) => ActAsync(id, "signoff", async ticket =>
    {
        var note = PersianText.Clean(Text);
        if (note.Length > MaxText)
        {
            return texts.Format("error.textLong", MaxText, note.Length);
        }

        await workflow.CommitAsync(db, cancellationToken, await workflow.SignOffAsync(db, ticket, Actor, note.Length > 0 ? note : null, Now, cancellationToken));
        return Done("action.done.signedOff");
    }, cancellationToken);

    public Task<IActionResult> OnPostSendBackAsync(long id, CancellationToken cancellationToken) => ActAsync(id, "sendback", async ticket =>
    {
        var reason = PersianText.Clean(Reason);
        if (reason.Length == 0)
        {
            return texts["error.sendBackReason"];
        }

        if (reason.Length > MaxText)
        {
            return texts.Format("error.textLong", MaxText, reason.Length);
        }

        await workflow.CommitAsync(db, cancellationToken, await workflow.SendBackAsync(db, ticket, Actor, reason, Now, cancellationToken));
        return Done("action.done.sentBack");
    }, cancellationToken);

    /// <summary>A citizen's message or a file on the thread, redacted with a reason: the original is deleted, not hidden.</summary>
    public Task<IActionResult> OnPostRedactAsync(long id, long? entry, long? attachment, CancellationToken cancellationToken) => ActAsync(id, "redact", async ticket =>
    {
        var reason = PersianText.Clean(Reason);
        if (reason.Length == 0)
        {
            return texts["error.reasonRequired"];
        }

        var thread = entry is { } entryId ? await db.TicketEvents.FirstOrDefaultAsync(e => e.Id == entryId && e.TicketId == ticket.Id, cancellationToken) : null;
        var file = attachment is { } fileId ? await db.Attachments.FirstOrDefaultAsync(a => a.Id == fileId && a.TicketId == ticket.Id && !a.ChannelFileId.StartsWith("removed:"), cancellationToken) : null;
        if ((thread is null) == (file is null) || thread is not null && !Redactable(thread))
        {
            return texts["error.redactNothing"];
        }

        await workflow.CommitAsync(db, cancellationToken, await workflow.RedactAsync(db, ticket, thread, file, Actor, reason[..Math.Min(reason.Length, MaxText)], Now, cancellationToken));
        await fileEraser.DeletePendingAsync(cancellationToken);
        return Done("action.done.redact");
    }, cancellationToken);

    private TicketActor Actor => TicketActor.Staff(Me);

    /// <summary>A citizen's words still there: what the small redaction form is offered for.</summary>
    public static bool Redactable(TicketEvent entry) => entry.ActorKind == ActorKind.Citizen && !string.IsNullOrEmpty(entry.Text) && entry.Text != TicketWorkflow.Redacted;

    /// <summary>An event's text as staff read it, in the panel's language, from the event's typed values.</summary>
    public string? Show(TicketEvent entry) => HideCodes(entry.Kind switch
    {
        TicketEventKind.PriorityChanged when Enum.TryParse<TicketPriority>(entry.FromValue, out var was) && Enum.TryParse<TicketPriority>(entry.ToValue, out var now) =>
            $"⚑ {texts.Priority(was)} → {texts.Priority(now)}",
        TicketEventKind.Assigned => "👤 " + (long.TryParse(entry.ToValue, System.Globalization.CultureInfo.InvariantCulture, out var staffId)
            ? StaffNames.GetValueOrDefault(staffId, texts["ticket.staff"]) : "—"),
        TicketEventKind.Referred => "→ " + Place(entry.ToValue),
        TicketEventKind.StatusChange when entry.ToStatus == TicketStatus.Referred && entry.ToValue is not null => Place(entry.ToValue),
        TicketEventKind.PlaceCorrected => texts.Format("ticket.placeCorrected", PlaceCorrected(entry.ToValue)),
        TicketEventKind.Rated => $"★{entry.ToValue}" + (string.IsNullOrEmpty(entry.Text) ? string.Empty : " — " + entry.Text),
        TicketEventKind.SentBack => "↩ " + entry.Text,
        TicketEventKind.SystemMessage or TicketEventKind.StatusChange when entry.ActorKind != ActorKind.Staff => texts.SystemNote(entry.Text),
        _ => entry.Text,
    });

    /// <summary>The thread's duplicate marks do not name a ticket outside the reader's scope.</summary>
    private string? HideCodes(string? text) =>
        text is null ? null : _hiddenCodes.Aggregate(text, (shown, code) => shown.Replace(code, texts["ticket.codeHidden"], StringComparison.Ordinal));

    private IReadOnlyList<string> _hiddenCodes = [];

    /// <summary>A referral's "department|districtId" as the department and the district's name in the panel's language.</summary>
    private string Place(string? value)
    {
        var parts = (value ?? string.Empty).Split('|');
        var district = parts.Length > 1 && int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var id) ? Districts.FirstOrDefault(d => d.Id == id) : null;
        var name = district is null ? null : texts.Language == "fa" ? district.NameFa : district.NameEn;
        return string.Join(" · ", new[] { string.IsNullOrEmpty(parts[0]) ? null : texts.Department(parts[0]), name }.Where(x => !string.IsNullOrEmpty(x)));
    }

    /// <summary>A corrected place's "latitude,longitude|districtId" as the district's name and the point in the panel's digits.</summary>
    private string PlaceCorrected(string? value)
    {
        var parts = (value ?? string.Empty).Split('|');
        var district = parts.Length > 1 && int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var id) ? Districts.FirstOrDefault(d => d.Id == id) : null;
        var point = parts[0].Split(',') is [var lat, var lon] ? texts.Digits(lat) + ", " + texts.Digits(lon) : null;
        return string.Join(" · ", new[] { texts.Name(district), point }.Where(x => !string.IsNullOrEmpty(x)));
    }

    private string? CheckText(string? typed)
    {
        var text = PersianText.Clean(typed);
        return text.Length == 0 ? texts["error.textRequired"]
            : text.Length > MaxText ? texts.Format("error.textLong", MaxText, text.Length)
            : null;
    }

    private IActionResult Done(string key)
    {
        TempData["Flash"] = texts[key];
        return Redirect(SelfUrl);
    }

    /// <summary>Notes how far this staff member has read the thread: citizen messages up to here are no longer unread for them.</summary>
    private async Task MarkReadAsync(CancellationToken cancellationToken)
    {
        var seen = Events.Count == 0 ? 0 : Events.Max(e => e.Id);
        var read = await db.TicketReads.FirstOrDefaultAsync(r => r.StaffId == Me.Id && r.TicketId == Ticket.Id, cancellationToken);
        if (read is not null && read.SeenEventId >= seen)
        {
            return;
        }

        if (read is null)
        {
            db.TicketReads.Add(new TicketRead { StaffId = Me.Id, TicketId = Ticket.Id, SeenEventId = seen, SeenAt = Now });
        }
        else
        {
            (read.SeenEventId, read.SeenAt) = (seen, Now);
        }

        using (await writeGate.EnterAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>Loads the ticket within scope, runs the action; a refusal re-shows the page with the message and what was typed.</summary>
    private async Task<IActionResult> ActAsync(long id, string action, Func<Ticket, Task<object>> run, CancellationToken cancellationToken)
    {
        In = ViewOf(Request.Query["in"]);
        Me = await current.GetAsync(cancellationToken);
        Now = time.GetUtcNow();
        var ticket = await db.Tickets.VisibleTo(Me).Include(t => t.Citizen).FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (ticket is null)
        {
            return NotFound();
        }

        Ticket = ticket;
        object outcome;
        try
        {
            outcome = await run(ticket);
        }
        catch (TicketRefusedException refused)
        {
            outcome = Refusal(refused);
        }

        switch (outcome)
        {
            case IActionResult result:
                return result;
            case string problem:
                db.ChangeTracker.Clear();
                Error = problem;
                RefusedForm = action;
                await LoadAsync(id, cancellationToken);
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return Page();
            default:
                throw new InvalidOperationException($"Action {action} returned nothing.");
        }
    }

    private string Refusal(TicketRefusedException refused) => RefusalText.Of(texts, refused);

    private async Task<HashSet<string>> KnownDepartmentsAsync(CancellationToken cancellationToken) =>
        [.. await db.Departments.AsNoTracking().Select(d => d.Code).ToListAsync(cancellationToken)];

    /// <summary>The queue view's filter as a canonical query (unknown keys dropped), or null for the whole queue.</summary>
    private static string? ViewOf(string? query) => SavedViewQuery.Canonical(query) is { Length: > 0 } view ? view : null;

    private async Task<bool> LoadAsync(long id, CancellationToken cancellationToken)
    {
        In ??= ViewOf(Request.Query["in"]);
        Me = await current.GetAsync(cancellationToken);
        Now = time.GetUtcNow();
        var ticket = await db.Tickets.AsNoTracking().VisibleTo(Me)
            .Include(t => t.Category).Include(t => t.District).Include(t => t.Citizen)
            .FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (ticket is null)
        {
            return false;
        }

        Ticket = ticket;
        Events = await db.TicketEvents.AsNoTracking().Include(e => e.Attachments).Where(e => e.TicketId == id)
            .OrderBy(e => e.CreatedAt).ThenBy(e => e.Id).ToListAsync(cancellationToken);
        var outboxIds = Events.Where(e => e.OutboxMessageId != null).Select(e => e.OutboxMessageId!.Value).ToList();
        Deliveries = await db.Outbox.AsNoTracking().Where(m => outboxIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, cancellationToken);
        FollowerDeliveries = [.. (await db.Outbox.AsNoTracking()
                .Where(m => m.TicketId == id && m.CitizenId != ticket.CitizenId && !outboxIds.Contains(m.Id))
                .OrderBy(m => m.Id)
                .Select(m => new { Message = m, Name = db.Citizens.Where(c => c.Id == m.CitizenId).Select(c => c.Name).FirstOrDefault() })
                .ToListAsync(cancellationToken))
            .Select(d => (d.Message, d.Name))];
        var staff = await db.Staff.AsNoTracking().OrderBy(s => s.DisplayName).ToListAsync(cancellationToken);
        StaffNames = staff.ToDictionary(s => s.Id, s => texts.Person(s.DisplayName));
        Assignable = Me.Role == StaffRole.Agent ? [] : [.. staff.Where(s => s.IsActive && s.Sees(ticket))];
        Departments = [.. (await KnownDepartmentsAsync(cancellationToken)).Order(StringComparer.Ordinal)];
        Districts = await db.Districts.AsNoTracking().OrderBy(d => d.Id).ToListAsync(cancellationToken);
        CannedReplies = await db.CannedReplies.AsNoTracking().OrderBy(c => c.Title).ToListAsync(cancellationToken);
        Agencies = await db.OutsideAgencies.AsNoTracking().OrderBy(a => a.NameEn).ToListAsync(cancellationToken);
        // Every box names only tickets the reader may open.
        var visible = db.Tickets.AsNoTracking().VisibleTo(Me);
        OtherTickets = [.. (await visible
                .Where(t => t.CitizenId == ticket.CitizenId && t.Id != id)
                .OrderByDescending(t => t.CreatedAt).Take(20)
                .Select(t => new { t.Id, t.TrackingCode, t.Status })
                .ToListAsync(cancellationToken))
            .Select(t => (t.Id, t.TrackingCode, t.Status))];
        Duplicates = [.. (await visible.Where(t => t.DuplicateOfId == id).Select(t => new { t.Id, t.TrackingCode }).ToListAsync(cancellationToken))
            .Select(t => (t.Id, t.TrackingCode))];
        if (ticket.DuplicateOfId is { } masterId)
        {
            MasterCode = await visible.Where(t => t.Id == masterId).Select(t => t.TrackingCode).FirstOrDefaultAsync(cancellationToken);
            MasterId = MasterCode is null ? null : masterId;
        }

        _hiddenCodes = [.. (await db.Tickets.AsNoTracking()
                .Where(t => (t.DuplicateOfId == id || t.Id == ticket.DuplicateOfId) && !visible.Any(v => v.Id == t.Id))
                .Select(t => t.TrackingCode).ToListAsync(cancellationToken))
            .Select(TrackingCode.Format)];


        AfterPhoto = ticket.AfterPhotoFileId is { } after
            ? await db.Attachments.AsNoTracking().Where(a => a.TicketId == id && a.ChannelFileId == after).OrderByDescending(a => a.Id).FirstOrDefaultAsync(cancellationToken)
            : null;
        MaySignOff = ticket.SignOffRequestedAt is not null && await TicketWorkflow.MaySignOffAsync(db, ticket, Actor, cancellationToken);
        SignOffNote = ticket.SignOffRequestedAt is null ? null : Events.LastOrDefault(e => e.Kind == TicketEventKind.SignOffRequested)?.Text;
        Followers = await db.TicketFollowers.CountAsync(f => f.TicketId == id, cancellationToken);
        HasChat = await db.Conversations.AnyAsync(c => c.CitizenId == ticket.CitizenId && c.Channel == ticket.Citizen!.Channel, cancellationToken);
        await LoadWebChatAsync(ticket, cancellationToken);
        Map = ticket.Latitude is { } lat && ticket.Longitude is { } lon ? MapTiles.Around(lat, lon, options.Value.MapTileUrl) : null;
        Stamp = $"{Events.Count}.{Events.LastOrDefault()?.Id}.{ticket.UpdatedAt.ToUnixTimeMilliseconds()}.{string.Concat(Deliveries.Values.Concat(FollowerDeliveries.Select(f => f.Message)).OrderBy(m => m.Id).Select(m => (int)m.State))}.{ticket.Citizen?.Reachable}.{_fetched.Values.Sum()}";
        return true;
    }

    /// <summary>
    /// The outbox state's text key; a message the web chat holds is only "seen" once the citizen's page fetched it
    /// (its watermark came back), since nothing pushes it to them.
    /// </summary>
    public string DeliveryKey(OutboxMessage m) =>
        m.State == OutboxState.Sent && m.Channel == ChatIntake.Channels.DirectLine.WebChatChannel.ChannelName
            ? (Fetched(m) ? "webchatSeen" : "webchatWaiting")
            : m.State.ToString();

    private bool Fetched(OutboxMessage m) =>
        m.ExternalMessageId?.Split('|') is [_, var number] && long.TryParse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var sequence)
        && _fetched.TryGetValue(m.ExternalChatId, out var upTo) && upTo >= sequence;

    private async Task LoadWebChatAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        var channel = ChatIntake.Channels.DirectLine.WebChatChannel.ChannelName;
        var chats = await db.WebChatConversations.AsNoTracking()
            .Where(c => (ticket.Citizen != null && c.UserId == ticket.Citizen.ExternalUserId && ticket.Citizen.Channel == channel)
                || db.Outbox.Any(m => m.TicketId == ticket.Id && m.Channel == channel && m.ExternalChatId == c.Id))
            .Select(c => new { c.Id, c.UserId, c.LastSeenAt, c.SeenWatermark }).ToListAsync(cancellationToken);
        _fetched = chats.ToDictionary(c => c.Id, c => c.SeenWatermark);
        if (ticket.Citizen?.Channel == channel && HasChat)
        {
            var seenAt = chats.Where(c => c.UserId == ticket.Citizen.ExternalUserId).Max(c => c.LastSeenAt);
            WebChat = (seenAt, seenAt is not { } at || Now - at > directLine.Value.ReachableFor);
        }
    }
}
