using ChatIntake.Admin.Staff;
using ChatIntake.Admin.Texts;
using ChatIntake.Data;
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
    TicketMessenger messenger,
    TextCatalog catalog,
    AdminText texts,
    IOptions<AdminOptions> options,
    WorkingCalendar calendar,
    CategoryCatalog categories,
    TimeProvider time) : PageModel
{
    private const int MaxText = 4000;

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
    public IReadOnlyList<(long Id, string Code, TicketStatus Status, bool Visible)> OtherTickets { get; private set; } = [];
    public IReadOnlyList<(long Id, string Code)> Duplicates { get; private set; } = [];
    public string? MasterCode { get; private set; }
    public long? MasterId { get; private set; }
    public int Followers { get; private set; }
    public bool HasChat { get; private set; }
    public string Stamp { get; private set; } = string.Empty;
    public DateTimeOffset Now { get; private set; }
    public MapTiles? Map { get; private set; }
    public string? Error { get; private set; }

    /// <summary>The form whose action was refused, so what was typed goes back into that form.</summary>
    public string? RefusedForm { get; private set; }

    /// <summary>What the staff member typed, kept when the action is refused.</summary>
    [BindProperty] public string? Text { get; set; }
    [BindProperty] public string? Reason { get; set; }
    [BindProperty] public string? Master { get; set; }

    public string EffectiveDepartment => Ticket.Department ?? Ticket.Category?.Department ?? "—";

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostReplyAsync(long id, CancellationToken cancellationToken) => ActAsync(id, "reply", async ticket =>
    {
        if (CheckText(Text) is { } problem)
        {
            return problem;
        }

        if (!await db.Conversations.AnyAsync(c => c.CitizenId == ticket.CitizenId && c.Channel == ticket.Citizen!.Channel, cancellationToken))
        {
            return texts["error.noChat"];
        }

        var text = PersianText.Clean(Text);
        var entry = AddEvent(ticket, TicketEventKind.StaffReply, text);
        var code = TrackingCode.Format(ticket.TrackingCode);
        await messenger.SaveAsync(db, ticket, entry, new CitizenNotice(c => catalog.Format("notify.reply", c, code, text), ToFollowers: false), "reply", text, cancellationToken);
        return Done("action.done.reply");
    }, cancellationToken);

    public Task<IActionResult> OnPostNoteAsync(long id, CancellationToken cancellationToken) => ActAsync(id, "note", async ticket =>
    {
        if (CheckText(Text) is { } problem)
        {
            return problem;
        }

        var text = PersianText.Clean(Text);
        var entry = AddEvent(ticket, TicketEventKind.InternalNote, text);
        await messenger.SaveAsync(db, ticket, entry, null, "note", text, cancellationToken);
        return Done("action.done.note");
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

        if (to == TicketStatus.Rejected && reason.Length == 0)
        {
            return texts["error.reasonRequired"];
        }

        if (reason.Length > MaxText)
        {
            return texts.Format("error.textLong", MaxText, reason.Length);
        }

        var from = ticket.Status;
        var entry = ChangeStatus(ticket, to, reason.Length > 0 ? reason : null);
        var code = TrackingCode.Format(ticket.TrackingCode);
        await messenger.SaveAsync(db, ticket, entry, StatusNotice(code, to, reason), "status", $"{from} → {to}" + (reason.Length > 0 ? $": {reason}" : ""), cancellationToken);
        return Done("action.done.status");
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

        ticket.Department = toDepartment ?? ticket.Department;
        ticket.DistrictId = toDistrict?.Id ?? ticket.DistrictId;
        var where = string.Join(" · ", new[] { toDepartment, toDistrict is null ? null : $"{toDistrict.NameEn} ({toDistrict.NameFa})" }.Where(x => x is not null));
        CitizenNotice? notice = null;
        TicketEvent entry;
        if (ticket.Status == TicketStatus.New)
        {
            entry = ChangeStatus(ticket, TicketStatus.Referred, where);
            notice = StatusNotice(TrackingCode.Format(ticket.TrackingCode), TicketStatus.Referred, string.Empty);
        }
        else
        {
            entry = AddEvent(ticket, TicketEventKind.SystemMessage, "→ " + where);
        }

        await messenger.SaveAsync(db, ticket, entry, notice, "refer", where, cancellationToken);
        if (!await db.Tickets.VisibleTo(Me).AnyAsync(t => t.Id == ticket.Id, cancellationToken))
        {
            // Referred out of this staff member's own departments or districts: back to their queue, not to a "not found".
            TempData["Flash"] = texts["action.done.referAway"];
            return Redirect("/admin");
        }

        return Done("action.done.refer");
    }, cancellationToken);

    public Task<IActionResult> OnPostAssignAsync(long id, string? assignee, CancellationToken cancellationToken) => ActAsync(id, "assign", async ticket =>
    {
        long? to = assignee switch
        {
            null or "" => null,
            "me" => Me.Id,
            var s when long.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var staffId) => staffId,
            _ => -1,
        };
        var person = to is { } staffIdToCheck ? await db.Staff.AsNoTracking().FirstOrDefaultAsync(s => s.Id == staffIdToCheck && s.IsActive, cancellationToken) : null;
        if (to is not null && person is null)
        {
            return texts["error.badChoice"];
        }

        // Agents take work for themselves (or give back their own); assigning others is a supervisor's call.
        if (Me.Role == StaffRole.Agent && to != Me.Id && !(to is null && ticket.AssigneeId == Me.Id))
        {
            return texts["error.agentAssign"];
        }

        ticket.AssigneeId = to;
        var entry = AddEvent(ticket, TicketEventKind.SystemMessage, "👤 " + (person?.DisplayName ?? "—"));
        await messenger.SaveAsync(db, ticket, entry, null, "assign", person?.UserName ?? "-", cancellationToken);
        return Done("action.done.assign");
    }, cancellationToken);

    public Task<IActionResult> OnPostPriorityAsync(long id, TicketPriority? priority, CancellationToken cancellationToken) => ActAsync(id, "priority", async ticket =>
    {
        if (priority is not { } to || !Enum.IsDefined(to))
        {
            return texts["error.badChoice"];
        }

        var from = ticket.Priority;
        ticket.Priority = to;
        var entry = AddEvent(ticket, TicketEventKind.SystemMessage, $"{PriorityMark}{from} → {to}");
        await messenger.SaveAsync(db, ticket, entry, null, "priority", $"{from} → {to}", cancellationToken);
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
            var grandCode = await db.Tickets.Where(t => t.Id == grand).Select(t => t.TrackingCode).FirstAsync(cancellationToken);
            return texts.Format("error.masterDuplicate", TrackingCode.Format(grandCode));
        }

        var code = TrackingCode.Format(ticket.TrackingCode);
        var shownMaster = TrackingCode.Format(master.TrackingCode);
        ticket.DuplicateOfId = master.Id;
        var entry = ChangeStatus(ticket, TicketStatus.Duplicate, shownMaster);

        // The duplicate's citizen and followers follow the master from now on, and hear of its progress.
        var movers = await db.TicketFollowers.Where(f => f.TicketId == ticket.Id).Select(f => f.CitizenId).ToListAsync(cancellationToken);
        movers.Add(ticket.CitizenId);
        var already = await db.TicketFollowers.Where(f => f.TicketId == master.Id).Select(f => f.CitizenId).ToListAsync(cancellationToken);
        foreach (var citizenId in movers.Distinct().Where(c => c != master.CitizenId && !already.Contains(c)))
        {
            db.TicketFollowers.Add(new TicketFollower { TicketId = master.Id, CitizenId = citizenId, CreatedAt = Now });
        }

        master.Events.Add(new TicketEvent { Kind = TicketEventKind.SystemMessage, Author = Author, Text = $"⇐ {code}", CreatedAt = Now });
        master.UpdatedAt = Now;
        await messenger.SaveAsync(db, ticket, entry, new CitizenNotice(c => catalog.Format("notify.duplicate", c, code, shownMaster), ToFollowers: true),
            "duplicate", $"{code} → {shownMaster}", cancellationToken);
        return Done("action.done.duplicate");
    }, cancellationToken);

    private const string PriorityMark = "⚑ ";

    private string Author => $"staff:{Me.Id}";

    /// <summary>An event's text as staff read it: a priority change in the panel's language, anything else as written.</summary>
    public string? Show(TicketEvent entry)
    {
        if (entry.Kind == TicketEventKind.SystemMessage && entry.Text?.StartsWith(PriorityMark, StringComparison.Ordinal) == true &&
            entry.Text[PriorityMark.Length..].Split(" → ") is [var from, var to] &&
            Enum.TryParse<TicketPriority>(from, out var was) && Enum.TryParse<TicketPriority>(to, out var now))
        {
            return $"{PriorityMark}{texts.Priority(was)} → {texts.Priority(now)}";
        }

        return entry.Text;
    }

    private CitizenNotice StatusNotice(string code, TicketStatus to, string reason) => new(c =>
    {
        var text = catalog.Format("notify.status", c, code, TicketReplies.StatusName(new CultureTexts(catalog, c), to));
        return reason.Length > 0 ? catalog.Format("notify.reason", c, text, reason) : text;
    }, ToFollowers: true);

    private TicketEvent AddEvent(Ticket ticket, TicketEventKind kind, string? text)
    {
        var entry = new TicketEvent { Kind = kind, Author = Author, Text = text, CreatedAt = Now };
        ticket.Events.Add(entry);
        ticket.UpdatedAt = Now;
        return entry;
    }

    private TicketEvent ChangeStatus(Ticket ticket, TicketStatus to, string? text)
    {
        var entry = AddEvent(ticket, TicketEventKind.StatusChange, text);
        entry.FromStatus = ticket.Status;
        entry.ToStatus = to;
        if (ticket.Status == TicketStatus.Duplicate)
        {
            // Taken back from a master: it stands on its own again.
            ticket.DuplicateOfId = null;
        }

        var reopened = to.IsOpen() && ticket.Status is TicketStatus.Resolved or TicketStatus.Closed;
        ticket.Status = to;
        if (to.IsOpen())
        {
            ticket.ClosedAt = null;
        }

        if (reopened)
        {
            // Reopened work gets fresh targets and its reminders again, as when the citizen reopens it.
            ticket.ResolvedAt = null;
            ticket.ReminderSentAt = null;
            ticket.EscalatedAt = null;
            if (categories.Find(ticket.CategoryId) is { } category)
            {
                TicketTargets.Start(ticket, category, calendar, Now);
            }
        }

        if (to == TicketStatus.Resolved)
        {
            ticket.ResolvedAt = Now;
        }
        else if (to is TicketStatus.Closed or TicketStatus.Rejected or TicketStatus.Duplicate)
        {
            ticket.ClosedAt = Now;
        }

        return entry;
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
        return RedirectToPage(new { id = Ticket.Id });
    }

    /// <summary>Loads the ticket within scope, runs the action; a refusal re-shows the page with the message and what was typed.</summary>
    private async Task<IActionResult> ActAsync(long id, string action, Func<Ticket, Task<object>> run, CancellationToken cancellationToken)
    {
        Me = await current.GetAsync(cancellationToken);
        Now = time.GetUtcNow();
        var ticket = await db.Tickets.VisibleTo(Me).Include(t => t.Citizen).FirstOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (ticket is null)
        {
            return NotFound();
        }

        Ticket = ticket;
        switch (await run(ticket))
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

    private async Task<HashSet<string>> KnownDepartmentsAsync(CancellationToken cancellationToken) =>
        [.. await db.Categories.AsNoTracking().Select(c => c.Department).Distinct().ToListAsync(cancellationToken)];

    private async Task<bool> LoadAsync(long id, CancellationToken cancellationToken)
    {
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
        StaffNames = staff.ToDictionary(s => s.Id, s => s.DisplayName);
        Assignable = Me.Role == StaffRole.Agent ? [] : [.. staff.Where(s => s.IsActive)];
        Departments = [.. (await KnownDepartmentsAsync(cancellationToken)).Order(StringComparer.Ordinal)];
        Districts = await db.Districts.AsNoTracking().OrderBy(d => d.Id).ToListAsync(cancellationToken);
        CannedReplies = await db.CannedReplies.AsNoTracking().OrderBy(c => c.Title).ToListAsync(cancellationToken);
        var visible = db.Tickets.VisibleTo(Me);
        OtherTickets = [.. (await db.Tickets.AsNoTracking()
                .Where(t => t.CitizenId == ticket.CitizenId && t.Id != id)
                .OrderByDescending(t => t.CreatedAt).Take(20)
                .Select(t => new { t.Id, t.TrackingCode, t.Status, Visible = visible.Any(v => v.Id == t.Id) })
                .ToListAsync(cancellationToken))
            .Select(t => (t.Id, t.TrackingCode, t.Status, t.Visible))];
        Duplicates = [.. (await db.Tickets.AsNoTracking().Where(t => t.DuplicateOfId == id).Select(t => new { t.Id, t.TrackingCode }).ToListAsync(cancellationToken))
            .Select(t => (t.Id, t.TrackingCode))];
        if (ticket.DuplicateOfId is { } masterId)
        {
            MasterId = masterId;
            MasterCode = await db.Tickets.Where(t => t.Id == masterId).Select(t => t.TrackingCode).FirstOrDefaultAsync(cancellationToken);
        }

        Followers = await db.TicketFollowers.CountAsync(f => f.TicketId == id, cancellationToken);
        HasChat = await db.Conversations.AnyAsync(c => c.CitizenId == ticket.CitizenId && c.Channel == ticket.Citizen!.Channel, cancellationToken);
        Map = ticket.Latitude is { } lat && ticket.Longitude is { } lon ? MapTiles.Around(lat, lon, options.Value.MapTileUrl) : null;
        Stamp = $"{Events.Count}.{Events.LastOrDefault()?.Id}.{ticket.UpdatedAt.ToUnixTimeMilliseconds()}.{string.Concat(Deliveries.Values.Concat(FollowerDeliveries.Select(f => f.Message)).OrderBy(m => m.Id).Select(m => (int)m.State))}.{ticket.Citizen?.Reachable}";
        return true;
    }
}
