using System.Globalization;
using ChatIntake.Admin.Staff;
using ChatIntake.Admin.Texts;
using ChatIntake.Data;
using ChatIntake.Statistics;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ChatIntake.Admin.Pages.Dashboard;

/// <summary>The districts drawn from their GeoJSON, shaded by backlog or by the share resolved within target; with a tile server, the open tickets too.</summary>
public sealed class MapModel(IntakeDbContext db, CurrentStaff current, AdminText texts, CsvExport csv, TicketStatistics statistics, DailyFigures daily, IOptions<AdminOptions> options, TimeProvider time)
    : StatisticsPage(db, current, texts, csv, time)
{
    [BindProperty(SupportsGet = true)] public string? By { get; set; }

    public bool ByTarget => By == "target";

    public IReadOnlyList<(int Id, string Name, int Backlog, double? WithinTarget, int Received)> Rows { get; private set; } = [];

    public IHtmlContent Svg { get; private set; } = HtmlString.Empty;

    public bool ShowsPoints => !string.IsNullOrEmpty(options.Value.MapTileUrl);

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return await CsvAsync("districts-map", [
            CsvColumn<(int Id, string Name, int Backlog, double? WithinTarget, int Received)>.Of(Texts["queue.district"], r => r.Name),
            CsvColumn<(int Id, string Name, int Backlog, double? WithinTarget, int Received)>.Of(Texts["dash.received"], r => r.Received),
            CsvColumn<(int Id, string Name, int Backlog, double? WithinTarget, int Received)>.Of(Texts["map.by.backlog"], r => r.Backlog),
            CsvColumn<(int Id, string Name, int Backlog, double? WithinTarget, int Received)>.Of(Texts["map.by.target"], r => r.WithinTarget),
        ], Rows, cancellationToken);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        await PrepareAsync(cancellationToken);
        By = ByTarget ? "target" : "backlog";
        var backlog = await TicketStatistics.BacklogCountsAsync(Scope, Now, cancellationToken);
        var (unit, _) = await UnitFiguresAsync(statistics, daily, backlog, cancellationToken);
        Rows = [.. Districts.Select(d =>
        {
            var figures = unit(d.Id, null);
            return (d.Id, Texts.Name(d), figures.Backlog, figures.ResolutionWithinTarget, figures.Received);
        })];
        var most = Math.Max(1, Rows.Max(r => r.Backlog));
        var areas = Districts.Zip(Rows, (d, r) => new MapArea(r.Name, d.Polygon,
            ByTarget ? (r.WithinTarget is { } share ? Math.Clamp((int)Math.Floor((1 - share) * 5), 0, 4) : -1) : (r.Backlog == 0 ? 0 : Math.Clamp((int)Math.Ceiling(r.Backlog * 4.0 / most), 1, 4)),
            ByTarget ? Percent(r.WithinTarget) : Number(r.Backlog),
            QueueLink("district", d.Id.ToString(CultureInfo.InvariantCulture)))).ToList();
        var points = ShowsPoints
            ? (await TicketStatistics.BacklogAsync(Scope, cancellationToken)).Where(o => o.Latitude is not null && o.Longitude is not null).Select(o => (o.Latitude!.Value, o.Longitude!.Value)).ToList()
            : [];
        Svg = DistrictMap.Render(Texts["map.title"], areas, points, options.Value.MapTileUrl, Number);
    }
}
