using ChatIntake.Admin.Audit;
using ChatIntake.Staff;
using ChatIntake.Admin.Staff;
using ChatIntake.Admin.Texts;
using ChatIntake.Data;
using ChatIntake.Dialogs.Intake;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Admin.Pages.Audit;

/// <summary>Who did what and when, newest first, filtered by person, action, ticket and day.</summary>
public sealed class IndexModel(IntakeDbContext db, AdminText texts) : PageModel
{
    private const int PageSize = 100;

    [BindProperty(SupportsGet = true)] public string? Who { get; set; }
    [BindProperty(SupportsGet = true)] public string? What { get; set; }
    [BindProperty(SupportsGet = true)] public string? Ticket { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int PageNumber { get; set; } = 1;

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public IReadOnlyDictionary<long, string> Codes { get; private set; } = new Dictionary<long, string>();
    public IReadOnlyList<string> Actions { get; private set; } = [];
    public List<string> Warnings { get; } = [];
    public bool HasMore { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var entries = db.Audit.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(Who))
        {
            entries = entries.Where(a => a.StaffName.Contains(Who.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(What))
        {
            entries = entries.Where(a => a.Action == What);
        }

        if (!string.IsNullOrWhiteSpace(Ticket))
        {
            var code = TrackingCode.TryNormalize(Ticket, out var normalized) ? normalized : Ticket.Trim();
            entries = entries.Where(a => db.Tickets.Any(t => t.Id == a.TicketId && t.TrackingCode == code));
        }

        foreach (var (typed, isEnd) in new[] { (From, false), (To, true) })
        {
            if (string.IsNullOrWhiteSpace(typed))
            {
                continue;
            }

            if (!DateInput.TryParse(typed, texts.Zone, out var day))
            {
                Warnings.Add(texts.Format("queue.badDate", typed, texts["queue.date.hint"]));
            }
            else if (isEnd)
            {
                var end = day.AddDays(1);
                entries = entries.Where(a => a.CreatedAt < end);
            }
            else
            {
                entries = entries.Where(a => a.CreatedAt >= day);
            }
        }

        PageNumber = Math.Max(1, PageNumber);
        var page = await entries.OrderByDescending(a => a.Id).Skip((PageNumber - 1) * PageSize).Take(PageSize + 1).ToListAsync(cancellationToken);
        HasMore = page.Count > PageSize;
        Entries = [.. page.Take(PageSize)];
        var ids = Entries.Where(e => e.TicketId != null).Select(e => e.TicketId!.Value).Distinct().ToList();
        Codes = await db.Tickets.AsNoTracking().Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.TrackingCode, cancellationToken);
        Actions = await db.Audit.AsNoTracking().Select(a => a.Action).Distinct().OrderBy(a => a).ToListAsync(cancellationToken);
    }

    public string PageLink(int page) => "/admin/audit" + QueryString.Create(
        Request.Query.Where(q => q.Key != "p").Select(q => KeyValuePair.Create(q.Key, (string?)q.Value.ToString()))
            .Append(KeyValuePair.Create("p", (string?)page.ToString(System.Globalization.CultureInfo.InvariantCulture))));
}
