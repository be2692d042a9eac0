using System.Globalization;
using ChatIntake.Admin.Staff;
using ChatIntake.Admin.Texts;
using ChatIntake.Data;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Staff;
using ChatIntake.Statistics;
using ChatIntake.Tickets;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Admin.Pages.Dashboard;

/// <summary>What the dashboard's pages share: the period picker, the filters, the lists they offer, the panel's way of writing figures, and CSV answers.</summary>
public abstract class StatisticsPage(IntakeDbContext db, CurrentStaff current, AdminText texts, CsvExport csv, TimeProvider time) : PageModel
{
    public const int MaxCustomDays = 800;

    [BindProperty(SupportsGet = true)] public string? Period { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public TicketKind? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public int? Category { get; set; }
    [BindProperty(SupportsGet = true)] public string? Department { get; set; }
    [BindProperty(SupportsGet = true)] public int? District { get; set; }
    [BindProperty(SupportsGet = true)] public string? Channel { get; set; }

    public IntakeDbContext Db => db;
    public AdminText Texts => texts;
    public DateTimeOffset Now { get; private set; }
    public StaffMember Me { get; private set; } = null!;
    public StatisticsPeriod Range { get; private set; } = null!;
    public List<string> Warnings { get; } = [];
    public IReadOnlyList<Category> Categories { get; private set; } = [];
    public IReadOnlyList<District> Districts { get; private set; } = [];
    public IReadOnlyList<string> Departments { get; private set; } = [];
    public IReadOnlyList<string> Channels { get; private set; } = [];
    public IReadOnlyList<OutsideAgency> Agencies { get; private set; } = [];

    public StatisticsFilter Filter => new(Kind, Category, string.IsNullOrWhiteSpace(Department) ? null : Department, District, string.IsNullOrWhiteSpace(Channel) ? null : Channel);

    /// <summary>The tickets the signed-in staff member may see, with the filters applied.</summary>
    protected IQueryable<Ticket> Scope => TicketStatistics.Scope(db, Me, Filter);

    /// <summary>Reads who is asking, the lists the filters offer, and the period asked for (a bad custom range falls back to the last 30 days, said so).</summary>
    protected async Task PrepareAsync(CancellationToken cancellationToken)
    {
        Me = await current.GetAsync(cancellationToken);
        Now = time.GetUtcNow();
        Categories = await db.Categories.AsNoTracking().OrderBy(c => c.SortOrder).ToListAsync(cancellationToken);
        Districts = await db.Districts.AsNoTracking().OrderBy(d => d.Id).ToListAsync(cancellationToken);
        Agencies = await db.OutsideAgencies.AsNoTracking().OrderBy(a => a.Id).ToListAsync(cancellationToken);
        Departments = [.. Categories.Select(c => c.Department).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        Channels = ["telegram", "bale", "webchat", "phone"];
        Range = ResolvePeriod();
    }

    private StatisticsPeriod ResolvePeriod()
    {
        var zone = texts.Zone;
        switch (Period)
        {
            case StatisticsPeriod.Week:
                return StatisticsPeriod.WeekOf(Now, zone);
            case StatisticsPeriod.Month:
                return StatisticsPeriod.MonthOf(Now, zone, texts.IsPersian);
            case StatisticsPeriod.Custom:
                if (DateInput.TryParse(From, zone, out var first) && DateInput.TryParse(To, zone, out var last) && first <= last)
                {
                    var (a, b) = (TimeZoneInfo.ConvertTime(first, zone).Date, TimeZoneInfo.ConvertTime(last, zone).Date);
                    if ((b - a).TotalDays < MaxCustomDays)
                    {
                        return StatisticsPeriod.Between(a, b, zone);
                    }

                    Warnings.Add(texts.Format("dash.longRange", MaxCustomDays));
                }
                else
                {
                    Warnings.Add(texts.Format("dash.badRange", texts["queue.date.hint"]));
                }

                Period = StatisticsPeriod.Last30;
                return StatisticsPeriod.Last30Days(Now, zone);
            default:
                Period = StatisticsPeriod.Last30;
                return StatisticsPeriod.Last30Days(Now, zone);
        }
    }

    /// <summary>
    /// The period's figures of one district and/or department in charge (null: any), with its part of
    /// <paramref name="backlog"/>: read from the daily figures when they are built, else computed from the tickets.
    /// </summary>
    protected async Task<(Func<int?, string?, Figures> Of, IReadOnlyList<string> Departments)> UnitFiguresAsync(TicketStatistics statistics, DailyFigures daily, IReadOnlyList<OpenTicketCount> backlog,
        CancellationToken cancellationToken)
    {
        if (await daily.PeriodAsync(db, Me, Filter, Range, cancellationToken) is { } cells)
        {
            var late = await TicketStatistics.OverdueNowAsync(Scope, Range.Start, Range.End, Now, cancellationToken);
            return ((district, department) =>
            {
                var chosen = cells.Where(c => (district is null || c.Key.DistrictId == district) && (department is null || c.Key.Department == department)).ToList();
                var missed = late.Where(l => (district is null || l.DistrictId == district) && (department is null || l.Department == department)).ToList();
                return DailyFigures.ToFigures(DailyFigures.Merge(chosen), DailyFigures.Channels(chosen),
                    TicketStatistics.Ages(backlog.Where(o => (district is null || o.DistrictId == district) && (department is null || o.Department == department)).Select(o => (o.Band, o.Count))),
                    missed.Sum(l => l.Response), missed.Sum(l => l.Resolution));
            }, Seen(cells.Where(c => c.Cell.Received > 0).Select(c => c.Key.Department)));
        }

        var received = await statistics.ReceivedAsync(Scope, Range.Start, Range.End, Now, cancellationToken);
        return ((district, department) => statistics.Compute(
            [.. received.Where(f => (district is null || f.DistrictId == district) && (department is null || f.Department == department))],
            backlog.Where(o => (district is null || o.DistrictId == district) && (department is null || o.Department == department))),
            Seen(received.Select(f => f.Department)));

        IReadOnlyList<string> Seen(IEnumerable<string> received) => [.. received.Concat(backlog.Select(o => o.Department)).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The period in words: its days and the previous period's.</summary>
    public string RangeText => texts.Format("dash.range", Day(Range.Start), Day(Range.End.AddDays(-1)), Day(Range.PreviousStart), Day(Range.PreviousEnd.AddDays(-1)));

    public string Day(DateTimeOffset instant) => texts.Date(instant, withTime: false);

    public string Number(int value) => texts.Number(value);

    public string Hours(double? hours) => hours is { } h ? texts.Format("dash.hours", texts.Digits(h.ToString("0.#", CultureInfo.InvariantCulture))) : "—";

    public string Percent(double? share) => share is { } s ? texts.Digits((s * 100).ToString("0", CultureInfo.InvariantCulture)) + (texts.IsPersian ? "٪" : "%") : "—";

    public string Decimal(double? value) => value is { } v ? texts.Digits(v.ToString("0.0", CultureInfo.InvariantCulture)) : "—";

    public string CategoryName(int id) => texts.Name(Categories.FirstOrDefault(c => c.Id == id));

    public string DistrictName(int? id) => id is null ? texts["dash.noDistrict"] : texts.Name(Districts.FirstOrDefault(d => d.Id == id));

    public string AgencyName(int id) => Agencies.FirstOrDefault(a => a.Id == id) is { } a ? (texts.IsPersian ? a.NameFa : a.NameEn) : "#" + texts.Number(id);

    public string ChannelName(string channel) => channel;

    /// <summary>This page's query string with <paramref name="changes"/> (null removes a key).</summary>
    public string Link(string path, params (string Key, string? Value)[] changes)
    {
        var values = Request.Query.ToDictionary(q => q.Key.ToLowerInvariant(), q => (string?)q.Value.ToString());
        values.Remove("handler");
        values.Remove("table");
        foreach (var (key, value) in changes)
        {
            values[key] = value;
        }

        return path + QueryString.Create(values.Where(v => !string.IsNullOrEmpty(v.Value)));
    }

    /// <summary>The queue, filtered to one unit, over this period.</summary>
    public string QueueLink(string key, string value) =>
        "/admin" + QueryString.Create(new Dictionary<string, string?>
        {
            [key] = value,
            ["from"] = Range.Start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = Range.End.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }.Where(v => !string.IsNullOrEmpty(v.Value)));

    /// <summary>A CSV answer streamed to the response, named after the table and the period.</summary>
    protected async Task<IActionResult> CsvAsync<T>(string name, IReadOnlyList<CsvColumn<T>> columns, IEnumerable<T> rows, CancellationToken cancellationToken)
    {
        var file = string.Create(CultureInfo.InvariantCulture, $"{name}-{TimeZoneInfo.ConvertTime(Range.Start, texts.Zone):yyyyMMdd}-{TimeZoneInfo.ConvertTime(Range.End.AddDays(-1), texts.Zone):yyyyMMdd}.csv");
        Response.ContentType = CsvExport.ContentType;
        Response.Headers.ContentDisposition = $"attachment; filename=\"{file}\"";
        await csv.WriteAsync(Response.Body, columns, rows, cancellationToken);
        return new EmptyResult();
    }

    /// <summary>An unknown table asked for: a clear message, not a 500.</summary>
    protected IActionResult UnknownTable(string? table) =>
        new ContentResult { StatusCode = StatusCodes.Status404NotFound, ContentType = "text/plain; charset=utf-8", Content = texts.Format("dash.badTable", table ?? "") };
}
