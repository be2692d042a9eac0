using ChatIntake.Admin.Staff;
using ChatIntake.Admin.Texts;
using ChatIntake.Data;
using ChatIntake.Statistics;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;

namespace ChatIntake.Admin.Pages.Dashboard;

/// <summary>The dashboard: a period's figures beside the previous period's, the backlog's ages, follow-ups, channels, and charts.</summary>
public sealed class IndexModel(IntakeDbContext db, CurrentStaff current, AdminText texts, CsvExport csv, TicketStatistics statistics, DailyFigures daily, TimeProvider time)
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
                CsvColumn<FollowedUpTicket>.Of(Texts["dash.code"], f => TrackingCodeText(f.TrackingCode)),
                CsvColumn<FollowedUpTicket>.Date(Texts["week.received"], f => f.CreatedAt),
                CsvColumn<FollowedUpTicket>.Of(Texts["queue.category"], f => CategoryName(f.CategoryId)),
                CsvColumn<FollowedUpTicket>.Of(Texts["queue.district"], f => DistrictName(f.DistrictId)),
                CsvColumn<FollowedUpTicket>.Of(Texts["queue.status"], f => Texts.Status(f.Status)),
                CsvColumn<FollowedUpTicket>.Of(Texts["dash.followUps.title"], f => f.FollowUps),
            ], data.Precomputed
                ? await daily.FollowedUpAsync(Db, Me, Filter, Range, null, cancellationToken)
                : [.. TicketStatistics.MostFollowedUp(await statistics.ReceivedAsync(Scope, Range.Start, Range.End, Now, cancellationToken))], cancellationToken),
            "days" => await CsvAsync("volume", [
                CsvColumn<(DateTimeOffset Day, int Count)>.Date(Texts["week.received"], d => d.Day),
                CsvColumn<(DateTimeOffset Day, int Count)>.Of(Texts["dash.count"], d => d.Count),
            ], Volume(), cancellationToken),
            _ => UnknownTable(table),
        };
    }

    /// <summary>An administrator has the daily figures recomputed from the tickets (the page reads the tickets meanwhile).</summary>
    public async Task<IActionResult> OnPostRebuildAsync(CancellationToken cancellationToken)
    {
        await PrepareAsync(cancellationToken);
        if (Me.Role != ChatIntake.Staff.StaffRole.Administrator)
        {
            return Forbid();
        }

        await daily.InvalidateAsync(cancellationToken);
        return Redirect("/admin/dashboard");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        await PrepareAsync(cancellationToken);
        Data = await daily.DashboardAsync(Db, Me, Filter, Scope, Range, Now, cancellationToken) ?? await statistics.DashboardAsync(Scope, Range, Now, cancellationToken);
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
        [.. Data.ByCategory.Where(c => c.Value > 0).OrderByDescending(c => c.Value).ThenBy(c => c.Key)
            .Select(c => new ChartBar(CategoryName(c.Key), c.Value, Number(c.Value), Link("/admin/dashboard", ("category", c.Key.ToString(System.Globalization.CultureInfo.InvariantCulture)))))];

    public IReadOnlyList<ChartBar> ByDistrict() =>
        [.. Districts.Select(d => (Id: (int?)d.Id, Count: Data.ByDistrict.GetValueOrDefault(d.Id)))
            .Append((null, Data.ByDistrict.GetValueOrDefault(0))).Where(d => d.Id is not null || d.Count > 0)
            .Select(d => new ChartBar(DistrictName(d.Id), d.Count, Number(d.Count), d.Id is { } id ? Link("/admin/dashboard", ("district", id.ToString(System.Globalization.CultureInfo.InvariantCulture))) : null))];

    public IReadOnlyList<ChartBar> Ratings() =>
        [.. Data.Current.SatisfactionCounts.Select((n, i) => new ChartBar(Texts.Number(i + 1) + " ★", n, Number(n)))];

    /// <summary>Reports per local day of the period; per month of the city's (Jalali) calendar for periods over two months, each starting at its first day in the period.</summary>
    public IReadOnlyList<(DateTimeOffset Day, int Count)> Volume()
    {
        var zone = Texts.Zone;
        var (first, end) = (TimeZoneInfo.ConvertTime(Range.Start, zone).Date, TimeZoneInfo.ConvertTime(Range.End, zone).Date);
        if ((end - first).TotalDays <= DailyFigures.DailyUpToDays)
        {
            return [.. Enumerable.Range(0, (int)(end - first).TotalDays).Select(i => (StatisticsPeriod.At(first.AddDays(i), zone), Data.ByDay.GetValueOrDefault(first.AddDays(i))))];
        }

        var jalali = new System.Globalization.PersianCalendar();
        DateTime MonthOf(DateTime day) => day.AddDays(1 - jalali.GetDayOfMonth(day));
        var counts = Data.ByDay.GroupBy(d => MonthOf(d.Key)).ToDictionary(g => g.Key, g => g.Sum(d => d.Value));
        var months = new List<(DateTimeOffset, int)>();
        for (var day = first; day < end; day = jalali.AddMonths(MonthOf(day), 1))
        {
            months.Add((StatisticsPeriod.At(day, zone), counts.GetValueOrDefault(MonthOf(day))));
        }

        return months;
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
