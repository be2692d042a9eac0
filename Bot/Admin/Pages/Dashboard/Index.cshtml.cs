using ChatIntake.Admin.Staff;
using ChatIntake.Admin.Texts;
using ChatIntake.Data;
using ChatIntake.Statistics;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;

namespace ChatIntake.Admin.Pages.Dashboard;

/// <summary>The dashboard: a period's figures beside the previous period's, the backlog's ages, follow-ups, channels, and charts.</summary>
public sealed class IndexModel(IntakeDbContext db, CurrentStaff current, AdminText texts, CsvExport csv, TicketStatistics statistics, TimeProvider time)
    : StatisticsPage(db, current, texts, csv, time)
{
    public ChatIntake.Statistics.Dashboard Data { get; private set; } = null!;

    /// <summary>Each figure: its text key, this period's value and the previous one's, as shown and as numbers for the CSV.</summary>
    public IReadOnlyList<(string Key, string Current, string Previous, double? CurrentValue, double? PreviousValue)> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnGetCsvAsync(string? table, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var data = Data;
        return table switch
        {
            "figures" => await CsvAsync("figures", [
                CsvColumn<(string Key, string Current, string Previous, double? CurrentValue, double? PreviousValue)>.Of(Texts["dash.figure"], r => Texts[r.Key]),
                CsvColumn<(string Key, string Current, string Previous, double? CurrentValue, double? PreviousValue)>.Of(Texts["dash.current"], r => r.CurrentValue),
                CsvColumn<(string Key, string Current, string Previous, double? CurrentValue, double? PreviousValue)>.Of(Texts["dash.previous"], r => r.PreviousValue),
            ], Rows, cancellationToken),
            "categories" => await CsvAsync("categories", CountColumns(Texts["queue.category"]), ByCategory().Select(b => (b.Label, b.Value)), cancellationToken),
            "districts" => await CsvAsync("districts", CountColumns(Texts["queue.district"]), ByDistrict().Select(b => (b.Label, b.Value)), cancellationToken),
            "channels" => await CsvAsync("channels", CountColumns(Texts["dash.channel"]), data.Current.Channels.OrderByDescending(c => c.Value).Select(c => (c.Key, (double)c.Value)), cancellationToken),
            "satisfaction" => await CsvAsync("satisfaction", CountColumns(Texts["dash.satisfaction"]), data.Current.SatisfactionCounts.Select((n, i) => ((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), (double)n)), cancellationToken),
            "ages" => await CsvAsync("backlog-ages", CountColumns(Texts["dash.ages"]), data.Current.BacklogAges.Select((n, i) => (Texts["dash.age." + i], (double)n)), cancellationToken),
            "followups" => await CsvAsync("follow-ups", [
                CsvColumn<TicketFacts>.Of(Texts["dash.code"], f => TrackingCodeText(f.TrackingCode)),
                CsvColumn<TicketFacts>.Date(Texts["week.received"], f => f.CreatedAt),
                CsvColumn<TicketFacts>.Of(Texts["queue.category"], f => CategoryName(f.CategoryId)),
                CsvColumn<TicketFacts>.Of(Texts["queue.district"], f => DistrictName(f.DistrictId)),
                CsvColumn<TicketFacts>.Of(Texts["queue.status"], f => Texts.Status(f.Status)),
                CsvColumn<TicketFacts>.Of(Texts["dash.followUps.title"], f => f.FollowUps),
            ], data.Received.Where(f => f.FollowUps > 0).OrderByDescending(f => f.FollowUps).ThenBy(f => f.Id), cancellationToken),
            "days" => await CsvAsync("volume", [
                CsvColumn<(DateTimeOffset Day, int Count)>.Date(Texts["week.received"], d => d.Day),
                CsvColumn<(DateTimeOffset Day, int Count)>.Of(Texts["dash.count"], d => d.Count),
            ], Volume(), cancellationToken),
            _ => UnknownTable(table),
        };
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        await PrepareAsync(cancellationToken);
        Data = await statistics.DashboardAsync(Scope, Range, Now, cancellationToken);
        var (c, p) = (Data.Current, Data.Previous);
        Rows =
        [
            ("dash.received", Number(c.Received), Number(p.Received), c.Received, p.Received),
            ("dash.backlog", Number(c.Backlog), Number(p.Backlog), c.Backlog, p.Backlog),
            ("dash.responseMedian", Hours(c.ResponseMedianHours), Hours(p.ResponseMedianHours), c.ResponseMedianHours, p.ResponseMedianHours),
            ("dash.responseP90", Hours(c.ResponseP90Hours), Hours(p.ResponseP90Hours), c.ResponseP90Hours, p.ResponseP90Hours),
            ("dash.resolutionMedian", Hours(c.ResolutionMedianHours), Hours(p.ResolutionMedianHours), c.ResolutionMedianHours, p.ResolutionMedianHours),
            ("dash.resolutionP90", Hours(c.ResolutionP90Hours), Hours(p.ResolutionP90Hours), c.ResolutionP90Hours, p.ResolutionP90Hours),
            ("dash.responseTarget", Percent(c.ResponseWithinTarget), Percent(p.ResponseWithinTarget), c.ResponseWithinTarget, p.ResponseWithinTarget),
            ("dash.resolutionTarget", Percent(c.ResolutionWithinTarget), Percent(p.ResolutionWithinTarget), c.ResolutionWithinTarget, p.ResolutionWithinTarget),
            ("dash.reopenRate", Percent(c.ReopenRate), Percent(p.ReopenRate), c.ReopenRate, p.ReopenRate),
            ("dash.satisfaction", Decimal(c.SatisfactionAverage), Decimal(p.SatisfactionAverage), c.SatisfactionAverage, p.SatisfactionAverage),
            ("dash.followUps", Number(c.FollowUps), Number(p.FollowUps), c.FollowUps, p.FollowUps),
            ("dash.followedUp", Number(c.TicketsFollowedUp), Number(p.TicketsFollowedUp), c.TicketsFollowedUp, p.TicketsFollowedUp),
            ("dash.agencyHeld", Hours(c.AgencyHeldMedianHours), Hours(p.AgencyHeldMedianHours), c.AgencyHeldMedianHours, p.AgencyHeldMedianHours),
        ];
    }

    private static IReadOnlyList<CsvColumn<(string Label, double Value)>> CountColumns(string header) =>
        [CsvColumn<(string Label, double Value)>.Of(header, r => r.Label), CsvColumn<(string Label, double Value)>.Of("n", r => r.Value)];

    public string TrackingCodeText(string code) => Texts.Code(code);

    public IReadOnlyList<ChartBar> ByCategory() =>
        [.. Data.Received.GroupBy(f => f.CategoryId).OrderByDescending(g => g.Count())
            .Select(g => new ChartBar(CategoryName(g.Key), g.Count(), Number(g.Count()), Link("/admin/dashboard", ("category", g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture)))))];

    public IReadOnlyList<ChartBar> ByDistrict() =>
        [.. Districts.Select(d => (Id: (int?)d.Id, Count: Data.Received.Count(f => f.DistrictId == d.Id)))
            .Append((null, Data.Received.Count(f => f.DistrictId is null))).Where(d => d.Id is not null || d.Count > 0)
            .Select(d => new ChartBar(DistrictName(d.Id), d.Count, Number(d.Count), d.Id is { } id ? Link("/admin/dashboard", ("district", id.ToString(System.Globalization.CultureInfo.InvariantCulture))) : null))];

    public IReadOnlyList<ChartBar> Ratings() =>
        [.. Data.Current.SatisfactionCounts.Select((n, i) => new ChartBar(Texts.Number(i + 1) + " ★", n, Number(n)))];

    /// <summary>Reports per local day of the period (per week for periods over two months).</summary>
    public IReadOnlyList<(DateTimeOffset Day, int Count)> Volume()
    {
        var step = Range.Length.TotalDays > 62 ? 7 : 1;
        var zone = Texts.Zone;
        var first = TimeZoneInfo.ConvertTime(Range.Start, zone).Date;
        var counts = Data.Received.GroupBy(f => (int)((TimeZoneInfo.ConvertTime(f.CreatedAt, zone).Date - first).TotalDays) / step).ToDictionary(g => g.Key, g => g.Count());
        var buckets = (int)Math.Ceiling(Range.Length.TotalDays / step);
        return [.. Enumerable.Range(0, buckets).Select(i => (StatisticsPeriod.At(first.AddDays(i * step), zone), counts.GetValueOrDefault(i)))];
    }

    public IHtmlContent VolumeChart() => SvgChart.Columns(Texts["dash.chart.volume"],
        [.. Volume().Select(v => new ChartBar(Short(v.Day), v.Count, Number(v.Count)))], Texts.IsPersian);

    /// <summary>A day as month/day in the panel's calendar.</summary>
    private string Short(DateTimeOffset day)
    {
        var date = Day(day);
        var parts = date.Split('/', '-');
        return parts.Length == 3 ? parts[1] + "/" + parts[2] : date;
    }
}
