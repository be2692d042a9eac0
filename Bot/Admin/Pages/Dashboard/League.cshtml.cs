using System.Globalization;
using ChatIntake.Admin.Staff;
using ChatIntake.Admin.Texts;
using ChatIntake.Data;
using ChatIntake.Statistics;
using Microsoft.AspNetCore.Mvc;

namespace ChatIntake.Admin.Pages.Dashboard;

/// <summary>Districts, departments and outside agencies ranked side by side on the same figures, with the city's own beside them.</summary>
public sealed class LeagueModel(IntakeDbContext db, CurrentStaff current, AdminText texts, CsvExport csv, TicketStatistics statistics, DailyFigures daily, TimeProvider time)
    : StatisticsPage(db, current, texts, csv, time)
{
    public Figures City { get; private set; } = null!;
    public IReadOnlyList<LeagueRow> DistrictRows { get; private set; } = [];
    public IReadOnlyList<LeagueRow> DepartmentRows { get; private set; } = [];
    public IReadOnlyList<LeagueRow> AgencyRows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnGetCsvAsync(string? table, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        IReadOnlyList<LeagueRow>? rows = table switch { "districts" => DistrictRows, "departments" => DepartmentRows, "agencies" => AgencyRows, _ => null };
        if (rows is null)
        {
            return UnknownTable(table);
        }

        var city = new LeagueRow(Texts["league.city"], null, City);
        return await CsvAsync("league-" + table, [
            CsvColumn<LeagueRow>.Of(Texts["league.name"], r => r.Name),
            CsvColumn<LeagueRow>.Of(Texts["dash.received"], r => r.Figures.Received),
            CsvColumn<LeagueRow>.Of(Texts["dash.backlog"], r => r.Figures.Backlog),
            CsvColumn<LeagueRow>.Of(Texts["dash.responseMedian"], r => r.Figures.ResponseMedianHours),
            CsvColumn<LeagueRow>.Of(Texts["dash.resolutionMedian"], r => r.Figures.ResolutionMedianHours),
            CsvColumn<LeagueRow>.Of(Texts["dash.resolutionP90"], r => r.Figures.ResolutionP90Hours),
            CsvColumn<LeagueRow>.Of(Texts["dash.responseTarget"], r => r.Figures.ResponseWithinTarget),
            CsvColumn<LeagueRow>.Of(Texts["dash.resolutionTarget"], r => r.Figures.ResolutionWithinTarget),
            CsvColumn<LeagueRow>.Of(Texts["dash.reopenRate"], r => r.Figures.ReopenRate),
            CsvColumn<LeagueRow>.Of(Texts["dash.satisfaction"], r => r.Figures.SatisfactionAverage),
            CsvColumn<LeagueRow>.Of(Texts["dash.followUps"], r => r.Figures.FollowUps),
            CsvColumn<LeagueRow>.Of(Texts["dash.agencyHeld"], r => r.Figures.AgencyHeldMedianHours),
        ], rows.Append(city), cancellationToken);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        await PrepareAsync(cancellationToken);
        var backlog = await TicketStatistics.BacklogCountsAsync(Scope, Now, cancellationToken);
        var (unit, departments) = await UnitFiguresAsync(statistics, daily, backlog, cancellationToken);
        City = unit(null, null);
        string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
        DistrictRows = Rank(Districts.Select(d => new LeagueRow(Texts.Name(d), QueueLink("district", Id(d.Id)), unit(d.Id, null))));
        DepartmentRows = Rank(departments.Select(name => new LeagueRow(name, QueueLink("department", name), unit(null, name))));
        // Only the tickets ever referred to an outside agency count in the agencies' league: few, so read from the tickets.
        var referred = await statistics.ReceivedAsync(TicketStatistics.ReferredToAgency(Scope), Range.Start, Range.End, Now, cancellationToken);
        AgencyRows = Rank(Agencies.Select(a => new LeagueRow(AgencyName(a.Id), QueueLink("agency", Id(a.Id)),
                statistics.Compute([.. referred.Where(f => f.Agencies.Contains(a.Id))], backlog.Where(o => o.AgencyId == a.Id))))
            .Where(r => r.Figures.Received > 0 || r.Figures.Backlog > 0));
    }

    /// <summary>Best first: the larger share resolved within target, then the shorter median resolution, then the smaller backlog; units with nothing to measure last.</summary>
    private static IReadOnlyList<LeagueRow> Rank(IEnumerable<LeagueRow> rows) =>
        [.. rows.OrderBy(r => r.Figures.Received == 0 && r.Figures.Backlog == 0)
            .ThenByDescending(r => r.Figures.ResolutionWithinTarget ?? -1)
            .ThenBy(r => r.Figures.ResolutionMedianHours ?? double.MaxValue)
            .ThenBy(r => r.Figures.Backlog)
            .ThenBy(r => r.Name, StringComparer.Ordinal)];
}
