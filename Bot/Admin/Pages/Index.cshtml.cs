using ChatIntake.Admin.Staff;
using ChatIntake.Staff;
using ChatIntake.Admin.Texts;
using ChatIntake.Data;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;
using ChatIntake.Tickets;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatIntake.Admin.Pages;

/// <summary>The queue: the tickets this staff member may work, filtered, searched, sorted and paged, with counts per status.</summary>
public sealed class IndexModel(IntakeDbContext db, CurrentStaff current, AdminText texts, IOptions<AdminOptions> options, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)] public TicketStatus? Status { get; set; }
    [BindProperty(SupportsGet = true)] public int? Category { get; set; }
    [BindProperty(SupportsGet = true)] public TicketKind? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public int? District { get; set; }
    [BindProperty(SupportsGet = true)] public string? Assignee { get; set; }
    [BindProperty(SupportsGet = true)] public bool Overdue { get; set; }
    [BindProperty(SupportsGet = true)] public bool SignOff { get; set; }
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
    public bool HasFilters => Status is not null || Category is not null || Kind is not null || District is not null || !string.IsNullOrEmpty(Assignee) || Overdue || SignOff ||
                              !string.IsNullOrEmpty(From) || !string.IsNullOrEmpty(To) || !string.IsNullOrEmpty(Sort);

    public TimeSpan NearDue => TimeSpan.FromHours(options.Value.NearDueHours);

    public static readonly string[] Sorts = ["newest", "oldest", "due", "priority", "updated"];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var staff = await current.GetAsync(cancellationToken);
        Now = time.GetUtcNow();
        var scoped = db.Tickets.AsNoTracking().VisibleTo(staff);
        Counts = await scoped.GroupBy(t => t.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        Categories = await db.Categories.AsNoTracking().OrderBy(c => c.SortOrder).ToListAsync(cancellationToken);
        Districts = await db.Districts.AsNoTracking().OrderBy(d => d.Id).ToListAsync(cancellationToken);
        StaffNames = await db.Staff.AsNoTracking().ToDictionaryAsync(s => s.Id, s => texts.Person(s.DisplayName), cancellationToken);

        var tickets = Filter(scoped, staff);
        Total = await tickets.CountAsync(cancellationToken);
        var size = options.Value.PageSize;
        PageCount = Math.Max(1, (Total + size - 1) / size);
        PageNumber = Math.Clamp(PageNumber, 1, PageCount);
        Rows = await Order(tickets).Skip((PageNumber - 1) * size).Take(size)
            .Select(t => new QueueRow(t.Id, t.TrackingCode, t.Status, t.Priority, t.CategoryId, t.DistrictId, t.AssigneeId, t.Description,
                t.CreatedAt, t.UpdatedAt, t.ResponseDueAt, t.ResolutionDueAt,
                t.Events.OrderByDescending(e => e.Id).Select(e => (TicketEventKind?)e.Kind).FirstOrDefault() == TicketEventKind.CitizenMessage, t.Kind,
                t.AgencySince != null ? t.Agency!.NameFa : null, t.AgencySince != null ? t.Agency!.NameEn : null))
            .ToListAsync(cancellationToken);
        var shown = Rows.Select(r => r.Id).ToList();
        _overdue = [.. await db.Tickets.Where(t => shown.Contains(t.Id)).WhereOverdue(Now).Select(t => t.Id).ToListAsync(cancellationToken)];
        _awaitingSignOff = [.. await db.Tickets.Where(t => shown.Contains(t.Id) && t.SignOffRequestedAt != null).Select(t => t.Id).ToListAsync(cancellationToken)];

        // Changes whenever a ticket in this view is filed or touched: the page's script swaps the list in when it does.
        var latest = await scoped.MaxAsync(t => (DateTimeOffset?)t.UpdatedAt, cancellationToken);
        var newest = await scoped.MaxAsync(t => (long?)t.Id, cancellationToken);
        Stamp = $"{Total}.{newest}.{latest?.ToUnixTimeMilliseconds()}.{string.Join('.', Counts.OrderBy(c => c.Key).Select(c => c.Value))}";
    }

    private HashSet<long> _overdue = [];
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

        tickets = Assignee switch
        {
            "none" => tickets.Where(t => t.AssigneeId == null),
            "me" => tickets.Where(t => t.AssigneeId == staff.Id),
            var id when long.TryParse(id, System.Globalization.CultureInfo.InvariantCulture, out var staffId) => tickets.Where(t => t.AssigneeId == staffId),
            _ => tickets,
        };

        if (Overdue)
        {
            tickets = tickets.WhereOverdue(Now);
        }

        if (SignOff)
        {
            tickets = tickets.Where(t => t.SignOffRequestedAt != null);
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

        var search = PersianText.Clean(Q);
        if (search.Length > 0)
        {
            // LIKE ignores the case of Latin letters, as staff expect; its own wildcards in the text are escaped.
            var pattern = "%" + search.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            tickets = TrackingCode.TryNormalize(search, out var code)
                ? tickets.Where(t => t.TrackingCode == code || EF.Functions.Like(t.Description, pattern, "\\"))
                : tickets.Where(t => EF.Functions.Like(t.Description, pattern, "\\") || (t.AddressText != null && EF.Functions.Like(t.AddressText, pattern, "\\")));
        }

        return tickets;
    }

    private IQueryable<Ticket> Order(IQueryable<Ticket> tickets) => Sort switch
    {
        "oldest" => tickets.OrderBy(t => t.CreatedAt).ThenBy(t => t.Id),
        "due" => tickets.OrderBy(t => t.ResolutionDueAt == null).ThenBy(t => t.ResolutionDueAt).ThenBy(t => t.Id),
        "priority" => tickets.OrderByDescending(t => t.Priority).ThenBy(t => t.ResolutionDueAt).ThenBy(t => t.Id),
        "updated" => tickets.OrderByDescending(t => t.UpdatedAt).ThenByDescending(t => t.Id),
        _ => tickets.OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.Id),
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
