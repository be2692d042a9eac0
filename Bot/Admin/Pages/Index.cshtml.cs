using ChatIntake.Admin.Queue;
using ChatIntake.Admin.Staff;
using ChatIntake.Staff;
using ChatIntake.Admin.Texts;
using ChatIntake.Data;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;
using ChatIntake.Tickets;
using ChatIntake.Tickets.Search;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatIntake.Admin.Pages;

/// <summary>The queue: the tickets this staff member may work, filtered, searched, sorted and paged, with counts per status.</summary>
public sealed partial class IndexModel(IntakeDbContext db, CurrentStaff current, AdminText texts, IOptions<AdminOptions> options, TimeProvider time,
    ITicketSearch search, TicketCounts counts, QueueCsv csv, TicketWorkflow workflow, WriteGate writeGate) : PageModel
{
    [BindProperty(SupportsGet = true)] public TicketStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public int? Category { get; set; }
    [BindProperty(SupportsGet = true)] public TicketKind? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public int? District { get; set; }
    [BindProperty(SupportsGet = true)] public string? Assignee { get; set; }
    /// <summary>The dashboard's league links here: one department's (referred, else its subject's) or one outside agency's tickets.</summary>
    [BindProperty(SupportsGet = true)] public string? Department { get; set; }
    [BindProperty(SupportsGet = true)] public int? Agency { get; set; }
    [BindProperty(SupportsGet = true)] public bool Overdue { get; set; }
    [BindProperty(SupportsGet = true)] public bool SignOff { get; set; }
    [BindProperty(SupportsGet = true)] public bool Open { get; set; }
    /// <summary>The triage view: "all", or one of its kinds ("district", "assignee", "signoff").</summary>
    [BindProperty(SupportsGet = true)] public string? Triage { get; set; }
    [BindProperty(SupportsGet = true)] public bool Unread { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sort { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<QueueRow> Rows { get; private set; } = [];
    public IReadOnlyDictionary<TicketStatus, int> Counts { get; private set; } = new Dictionary<TicketStatus, int>();
    public IReadOnlyList<Category> Categories { get; private set; } = [];
    public IReadOnlyList<District> Districts { get; private set; } = [];
    public IReadOnlyDictionary<long, string> StaffNames { get; private set; } = new Dictionary<long, string>();
    public List<string> Warnings { get; } = [];
    public int Total { get; private set; }
    public int PageCount { get; private set; }
    public string Stamp { get; private set; } = string.Empty;
    public DateTimeOffset Now { get; private set; }
    /// <summary>Any filter besides the search box: on a phone the filters stay open only then.</summary>
    public bool HasFilters => Status is not null || Category is not null || Kind is not null || District is not null || !string.IsNullOrEmpty(Department) || Agency is not null || !string.IsNullOrEmpty(Assignee) || Overdue || SignOff || Open || Unread ||
                              !string.IsNullOrEmpty(From) || !string.IsNullOrEmpty(To) || !string.IsNullOrEmpty(Sort);

    public TimeSpan NearDue => TimeSpan.FromHours(options.Value.NearDueHours);

    public static readonly string[] Sorts = ["newest", "oldest", "due", "priority", "updated"];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var staff = await current.GetAsync(cancellationToken);
        Me = staff;
        CanExport = staff.Role != StaffRole.Agent;
        Now = time.GetUtcNow();
        var scoped = db.Tickets.AsNoTracking().VisibleTo(staff);
        await LoadViewsAsync(staff, scoped, cancellationToken);
        Categories = await db.Categories.AsNoTracking().OrderBy(c => c.SortOrder).ToListAsync(cancellationToken);
        // The trigger-kept counts answer for every scope (districts, departments in charge), so nobody's view counts a million rows.
        var counted = await counts.ReadAsync(db, staff, Categories.ToDictionary(c => c.Id, c => c.Department), cancellationToken);
        Counts = counted.GroupBy(c => c.Count.Status).ToDictionary(g => g.Key, g => (int)g.Sum(c => c.Count.Count));
        Districts = await db.Districts.AsNoTracking().OrderBy(d => d.Id).ToListAsync(cancellationToken);
        StaffNames = await db.Staff.AsNoTracking().ToDictionaryAsync(s => s.Id, s => texts.Person(s.DisplayName), cancellationToken);

        await CatchUpSearchAsync(cancellationToken);
        var tickets = Filter(scoped, staff);
        List<long>? matches = null;
        if (OnlyCountedFilters)
        {
            Total = (int)counted.Where(c => (Status is null || c.Count.Status == Status) && (Category is null || c.Count.CategoryId == Category) && (Kind is null || c.Count.Kind == Kind) &&
                                            (District is null || c.Count.DistrictId == District) && (string.IsNullOrEmpty(Department) || c.Department == Department)).Sum(c => c.Count.Count);
        }
        else if (PersianText.Clean(Q).Length > 0)
        {
            // Text search: the matches in the page's order, read once (bounded as the count is) give both the total and the
            // page, so the full-text match runs once rather than once to count and once more for the page.
            matches = await Order(tickets, backwards: false).Take(MaxCounted + 1).Select(t => t.Id).ToListAsync(cancellationToken);
            Total = matches.Count;
            TotalIsLowerBound = Total > MaxCounted;
            Total = Math.Min(Total, MaxCounted);
        }
        else
        {
            // Counting stops past the bound: a million matches are not counted on every request.
            Total = await tickets.Take(MaxCounted + 1).CountAsync(cancellationToken);
            TotalIsLowerBound = Total > MaxCounted;
            Total = Math.Min(Total, MaxCounted);
        }

        var size = options.Value.PageSize;
        PageCount = Math.Max(1, (Total + size - 1) / size);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        var ids = matches is null ? await PageIdsAsync(tickets, size, cancellationToken) : [.. matches.Skip((PageNumber - 1) * size).Take(size)];
        var rows = await db.Tickets.AsNoTracking().Where(t => ids.Contains(t.Id))
            .Select(t => new QueueRow(t.Id, t.TrackingCode, t.Status, t.Priority, t.CategoryId, t.DistrictId, t.AssigneeId, t.Description,
                t.CreatedAt, t.UpdatedAt, t.ResponseDueAt, t.ResolutionDueAt,
                t.Events.OrderByDescending(e => e.Id).Select(e => (TicketEventKind?)e.Kind).FirstOrDefault() == TicketEventKind.CitizenMessage, t.Kind,
                t.AgencySince != null ? t.Agency!.NameFa : null, t.AgencySince != null ? t.Agency!.NameEn : null, t.FirstResponseAt,
                t.Events.Count(e => e.Kind == TicketEventKind.CitizenMessage &&
                                    e.Id > db.TicketReads.Where(r => r.StaffId == staff.Id && r.TicketId == t.Id).Select(r => r.SeenEventId).FirstOrDefault())))
            .ToDictionaryAsync(r => r.Id, cancellationToken);
        Rows = [.. ids.Select(id => rows[id])];
        var shown = Rows.Select(r => r.Id).ToList();
        _overdue = [.. await db.Tickets.Where(t => shown.Contains(t.Id)).WhereOverdue(Now).Select(t => t.Id).ToListAsync(cancellationToken)];
        _responseLate = [.. await db.Tickets.Where(t => shown.Contains(t.Id)).Where(TicketRules.ResponseOverdue(Now)).Select(t => t.Id).ToListAsync(cancellationToken)];
        _awaitingSignOff = [.. await db.Tickets.Where(t => shown.Contains(t.Id) && t.SignOffRequestedAt != null).Select(t => t.Id).ToListAsync(cancellationToken)];

        // Changes whenever what this page shows changes (a ticket filed or moved into the page, a shown ticket touched, a
        // count): the page's script swaps the list in when it does. Read from the rows shown, not from the whole scope,
        // whose newest change a district's or department's supervisor would otherwise pay a scan of their tickets for.
        var latest = Rows.Count == 0 ? (DateTimeOffset?)null : Rows.Max(r => r.UpdatedAt);
        Stamp = $"{Total}.{string.Join('-', Rows.Select(r => r.Id))}.{latest?.ToUnixTimeMilliseconds()}.{string.Join('.', Counts.OrderBy(c => c.Key).Select(c => c.Value))}";
    }

    /// <summary>Past this many matches a filtered view says "more than" instead of counting them all.</summary>
    public const int MaxCounted = 10_000;

    /// <summary>The total is at least <see cref="Total"/>: counting stopped at <see cref="MaxCounted"/>.</summary>
    public bool TotalIsLowerBound { get; private set; }

    /// <summary>Filters the trigger-kept counts can total: status, category, kind, district and department.</summary>
    private bool OnlyCountedFilters => string.IsNullOrEmpty(Assignee) && Agency is null && !Overdue && !SignOff && !Open && !Unread && string.IsNullOrEmpty(Triage) && string.IsNullOrEmpty(From) && string.IsNullOrEmpty(To) && PersianText.Clean(Q).Length == 0;

    /// <summary>
    /// The ids of the page asked for, read from an index in the page's order. A page in the back half is read backwards
    /// from the end, so the last page costs what the first does (an offset would step over every row before it).
    /// </summary>
    private async Task<List<long>> PageIdsAsync(IQueryable<Ticket> tickets, int size, CancellationToken cancellationToken)
    {
        var offset = (PageNumber - 1) * size;
        if (TotalIsLowerBound || offset <= Total / 2)
        {
            return await Order(tickets, backwards: false).Skip(offset).Take(size).Select(t => t.Id).ToListAsync(cancellationToken);
        }

        var fromEnd = Total - offset - size;
        var take = fromEnd < 0 ? size + fromEnd : size;
        var ids = await Order(tickets, backwards: true).Skip(Math.Max(0, fromEnd)).Take(take).Select(t => t.Id).ToListAsync(cancellationToken);
        ids.Reverse();
        return ids;
    }

    /// <summary>The filtered queue as CSV, streamed (supervisors and administrators).</summary>
    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        var staff = await current.GetAsync(cancellationToken);
        if (staff.Role == StaffRole.Agent)
        {
            return Forbid();
        }

        Now = time.GetUtcNow();
        await CatchUpSearchAsync(cancellationToken);
        var tickets = Filter(db.Tickets.AsNoTracking().VisibleTo(staff), staff);
        return csv.Result(Order(tickets, backwards: false), Now);
    }

    /// <summary>Supervisors and administrators may take the queue away as CSV.</summary>
    public bool CanExport { get; private set; }

    public string CsvLink => QueryString(new() { ["handler"] = "csv", ["p"] = null });

    private HashSet<long> _overdue = [];
    private HashSet<long> _responseLate = [];

    /// <summary>The response target passed unanswered (<see cref="TicketRules.ResponseOverdue"/>), for the rows shown.</summary>
    public bool IsResponseLate(QueueRow row) => _responseLate.Contains(row.Id);
    private HashSet<long> _awaitingSignOff = [];

    /// <summary>A request to resolve waits for a supervisor's sign-off.</summary>
    public bool AwaitsSignOff(QueueRow row) => _awaitingSignOff.Contains(row.Id);

    /// <summary>Overdue as <see cref="TicketRules.Overdue"/> defines it, asked of the database for the rows shown.</summary>
    public bool IsOverdue(QueueRow row) => _overdue.Contains(row.Id);

    public bool IsNearDue(QueueRow row) => row.Status.IsOpen() && !row.WithAgency && !IsOverdue(row) && row.ResolutionDueAt < Now + NearDue;

    public string PageLink(int page) => QueryString(new() { ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    public string StatusLink(TicketStatus? status) => QueryString(new() { ["status"] = status?.ToString(), ["p"] = null });

    private string QueryString(Dictionary<string, string?> changes)
    {
        var values = Request.Query.ToDictionary(q => q.Key.ToLowerInvariant(), q => (string?)q.Value.ToString());
        foreach (var (key, value) in changes)
        {
            values[key] = value;
        }

        return "/admin" + Microsoft.AspNetCore.Http.QueryString.Create(values.Where(v => !string.IsNullOrEmpty(v.Value)));
    }

    /// <summary>A text search sees every ticket stored: tickets filed a moment ago may still wait to be indexed (<see cref="ITicketSearch.CatchUpAsync"/>).</summary>
    private Task CatchUpSearchAsync(CancellationToken cancellationToken) =>
        PersianText.Clean(Q).Length > 0 ? search.CatchUpAsync(db, cancellationToken) : Task.CompletedTask;

    private IQueryable<Ticket> Filter(IQueryable<Ticket> tickets, StaffMember staff)
    {
        if (Status is { } status)
        {
            tickets = tickets.Where(t => t.Status == status);
        }

        if (Category is { } category)
        {
            tickets = tickets.Where(t => t.CategoryId == category);
        }

        if (Kind is { } kind)
        {
            tickets = tickets.Where(t => t.Kind == kind);
        }

        if (District is { } district)
        {
            tickets = tickets.Where(t => t.DistrictId == district);
        }

        if (!string.IsNullOrEmpty(Department))
        {
            tickets = tickets.Where(t => (t.Department ?? t.Category!.Department) == Department);
        }

        if (Agency is { } agency)
        {
            tickets = tickets.Where(t => t.AgencyId == agency || t.Events.Any(e => e.Kind == TicketEventKind.AgencyReferred && e.ToValue!.StartsWith(agency + "|")));
        }

        tickets = Assignee switch
        {
            "none" => tickets.Where(t => t.AssigneeId == null),
            "me" => tickets.Where(t => t.AssigneeId == staff.Id),
            var id when long.TryParse(id, System.Globalization.CultureInfo.InvariantCulture, out var staffId) => tickets.Where(t => t.AssigneeId == staffId),
            _ => tickets,
        };

        if (Overdue)
        {
            // Open first, as its own condition: it lets SQLite read the open tickets' partial index.
            tickets = tickets.WhereOpen().WhereOverdue(Now);
        }

        if (SignOff)
        {
            tickets = tickets.Where(t => t.SignOffRequestedAt != null);
        }

        if (Open)
        {
            tickets = tickets.WhereOpen();
        }

        if (!string.IsNullOrEmpty(Triage))
        {
            tickets = tickets.WhereTriage(Triage);
        }

        if (Unread)
        {
            tickets = tickets.WhereUnreadBy(db.TicketReads, staff.Id);
        }

        if (ParseDay(From) is { } from)
        {
            tickets = tickets.Where(t => t.CreatedAt >= from);
        }

        if (ParseDay(To) is { } to)
        {
            var end = to.AddDays(1);
            tickets = tickets.Where(t => t.CreatedAt < end);
        }

        var typed = PersianText.Clean(Q);
        if (typed.Length > 0)
        {
            // The search index (code, description, address, thread, every word as a prefix); a typed tracking code also finds its ticket exactly.
            var matching = search.MatchingIds(db, typed);
            tickets = TrackingCode.TryNormalize(typed, out var code)
                ? tickets.Where(t => t.TrackingCode == code || matching.Contains(t.Id))
                : tickets.Where(t => matching.Contains(t.Id));
        }

        return tickets;
    }

    private IQueryable<Ticket> Order(IQueryable<Ticket> tickets, bool backwards) => (Sort, backwards) switch
    {
        ("oldest", false) => tickets.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id),
        ("oldest", true) => tickets.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id),
        ("due", false) => tickets.OrderBy(t => t.ResolutionDueAt == null).ThenBy(t => t.ResolutionDueAt).ThenBy(t => t.Id),
        ("due", true) => tickets.OrderByDescending(t => t.ResolutionDueAt == null).ThenByDescending(t => t.ResolutionDueAt).ThenByDescending(t => t.Id),
        ("priority", false) => tickets.OrderByDescending(t => t.Priority).ThenBy(t => t.ResolutionDueAt).ThenBy(t => t.Id),
        ("priority", true) => tickets.OrderBy(t => t.Priority).ThenByDescending(t => t.ResolutionDueAt).ThenByDescending(t => t.Id),
        ("updated", false) => tickets.OrderByDescending(t => t.UpdatedAt).ThenByDescending(t => t.Id),
        ("updated", true) => tickets.OrderBy(t => t.UpdatedAt).ThenBy(t => t.Id),
        (_, false) => tickets.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id),
        (_, true) => tickets.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id),
    };

    private DateTimeOffset? ParseDay(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return null;
        }

        if (DateInput.TryParse(typed, texts.Zone, out var day))
        {
            return day;
        }

        Warnings.Add(texts.Format("queue.badDate", typed, texts["queue.date.hint"]));
        return null;
    }
}
