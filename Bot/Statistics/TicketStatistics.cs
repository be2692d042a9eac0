using System.Globalization;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using ChatIntake.Data;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Staff;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Statistics;

/// <summary>
/// Reads what the dashboard, league, map and weekly cycle count, within a staff member's scope and the filters: the
/// tickets received in a period (one query, with their reopenings and follow-ups counted in SQL) and the backlog now.
/// "Open" and "overdue" come from <see cref="TicketRules"/>.
/// </summary>
public sealed class TicketStatistics(FiguresCalculator calculator)
{
    /// <summary>The tickets <paramref name="staff"/> may see, narrowed by the filters.</summary>
    public static IQueryable<Ticket> Scope(IntakeDbContext db, StaffMember staff, StatisticsFilter filter)
    {
        var tickets = db.Tickets.AsNoTracking().VisibleTo(staff);
        if (filter.Kind is { } kind)
        {
            tickets = tickets.Where(t => t.Kind == kind);
        }

        if (filter.CategoryId is { } category)
        {
            tickets = tickets.Where(t => t.CategoryId == category);
        }

        if (!string.IsNullOrEmpty(filter.Department))
        {
            var department = filter.Department;
            tickets = tickets.Where(t => (t.Department ?? t.Category!.Department) == department);
        }

        if (filter.DistrictId is { } district)
        {
            tickets = tickets.Where(t => t.DistrictId == district);
        }

        if (!string.IsNullOrEmpty(filter.Channel))
        {
            var channel = filter.Channel;
            tickets = tickets.Where(t => t.Channel == channel);
        }

        return tickets;
    }

    /// <summary>The tickets of <paramref name="scope"/> ever referred to an outside agency (read through IX_TicketEvents_AgencyReferred, not every event).</summary>
    public static IQueryable<Ticket> ReferredToAgency(IQueryable<Ticket> scope) =>
        scope.Where(t => t.Events.Any(e => e.Kind == TicketEventKind.AgencyReferred));

    /// <summary>The tickets of <paramref name="scope"/> received in [start, end), with what the figures need.</summary>
    public async Task<List<TicketFacts>> ReceivedAsync(IQueryable<Ticket> scope, DateTimeOffset start, DateTimeOffset end, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var received = scope.Where(t => t.CreatedAt >= start && t.CreatedAt < end);
        var facts = await FactsAsync(received, cancellationToken);
        if (facts.Count == 0)
        {
            return facts;
        }

        var responseLate = (await received.Where(TicketRules.ResponseOverdue(now)).Select(t => t.Id).ToListAsync(cancellationToken)).ToHashSet();
        var resolutionLate = (await received.Where(TicketRules.ResolutionOverdue(now)).Select(t => t.Id).ToListAsync(cancellationToken)).ToHashSet();
        if (responseLate.Count == 0 && resolutionLate.Count == 0)
        {
            return facts;
        }

        return [.. facts.Select(f => f with { ResponseOverdue = responseLate.Contains(f.Id), ResolutionOverdue = resolutionLate.Contains(f.Id) })];
    }

    /// <summary>What the figures need of <paramref name="tickets"/>, apart from what depends on the moment asked (the overdue flags).</summary>
    public static async Task<List<TicketFacts>> FactsAsync(IQueryable<Ticket> tickets, CancellationToken cancellationToken)
    {
        var facts = await tickets
            .Select(t => new TicketFacts(t.Id, t.TrackingCode, t.CreatedAt, t.Status, t.Kind, t.CategoryId, t.Department ?? t.Category!.Department, t.DistrictId, t.Channel,
                t.FirstResponseAt, t.ResponseDueAt,
                // Closed straight from work (without Resolved first) is finished too.
                t.ResolvedAt ?? (t.Status == TicketStatus.Closed ? t.ClosedAt : null),
                t.ResolutionDueAt, t.AgencyHeldFor, t.Satisfaction,
                t.Events.Any(e => e.Kind == TicketEventKind.StatusChange && (e.FromStatus == TicketStatus.Resolved || e.FromStatus == TicketStatus.Closed) &&
                                  (e.ToStatus == TicketStatus.New || e.ToStatus == TicketStatus.Referred || e.ToStatus == TicketStatus.InProgress)),
                t.Events.Count(e => e.Kind == TicketEventKind.FollowUp || e.Kind == TicketEventKind.CitizenMessage),
                t.ResolvedAt ?? t.ClosedAt))
            .ToListAsync(cancellationToken);
        if (facts.Count == 0)
        {
            return facts;
        }

        var agencies = (await tickets.SelectMany(t => t.Events).Where(e => e.Kind == TicketEventKind.AgencyReferred).Select(e => new { Id = e.TicketId, e.ToValue })
                .ToListAsync(cancellationToken))
            .Select(r => (r.Id, Agency: int.TryParse(r.ToValue?.Split('|')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var a) ? a : 0))
            .Where(r => r.Agency > 0)
            .GroupBy(r => r.Id)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<int>)[.. g.Select(r => r.Agency).Distinct()]);
        return agencies.Count == 0 ? facts : [.. facts.Select(f => agencies.TryGetValue(f.Id, out var held) ? f with { Agencies = held } : f)];
    }

    /// <summary>
    /// The tickets of <paramref name="scope"/> received in [start, end) whose response or resolution target has passed
    /// unmet by <paramref name="now"/> (TicketRules) and that are not answered or resolved: the target misses that exist
    /// only because time went on, which no event marks. Per district and department in charge.
    /// </summary>
    public static async Task<IReadOnlyList<OverdueNow>> OverdueNowAsync(IQueryable<Ticket> scope, DateTimeOffset start, DateTimeOffset end, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var response = await ResponseLateByUnit(scope, start, end, now).ToListAsync(cancellationToken);
        var resolution = await ResolutionLateByUnit(scope, start, end, now).ToListAsync(cancellationToken);
        return [.. response.Select(r => (r.DistrictId, r.Department, Response: r.Count, Resolution: 0))
            .Concat(resolution.Select(r => (r.DistrictId, r.Department, Response: 0, Resolution: r.Count)))
            .GroupBy(r => (r.DistrictId, r.Department))
            .Select(g => new OverdueNow(g.Key.DistrictId, g.Key.Department, g.Sum(r => r.Response), g.Sum(r => r.Resolution)))];
    }

    /// <summary>The open tickets of <paramref name="scope"/> received in [start, end) still unanswered past their response target, per district and department in charge.</summary>
    internal static IQueryable<UnitCount> ResponseLateByUnit(IQueryable<Ticket> scope, DateTimeOffset start, DateTimeOffset end, DateTimeOffset now) =>
        ByUnit(OpenReceived(scope, start, end).Where(TicketRules.ResponseOverdue(now)).Where(t => t.FirstResponseAt == null));

    /// <summary>The open tickets of <paramref name="scope"/> received in [start, end) still unresolved past their resolution target, per district and department in charge.</summary>
    internal static IQueryable<UnitCount> ResolutionLateByUnit(IQueryable<Ticket> scope, DateTimeOffset start, DateTimeOffset end, DateTimeOffset now) =>
        ByUnit(OpenReceived(scope, start, end).Where(TicketRules.ResolutionOverdue(now)).Where(t => t.ResolvedAt == null));

    // Open first, as its own condition: SQLite then reads the open tickets' partial index (which holds the units too).
    private static IQueryable<Ticket> OpenReceived(IQueryable<Ticket> scope, DateTimeOffset start, DateTimeOffset end) =>
        scope.WhereOpen().Where(t => t.CreatedAt >= start && t.CreatedAt < end);

    private static IQueryable<UnitCount> ByUnit(IQueryable<Ticket> tickets) =>
        tickets.GroupBy(t => new { t.DistrictId, Department = t.Department ?? t.Category!.Department }).Select(g => new UnitCount(g.Key.DistrictId, g.Key.Department, g.Count()));

    /// <summary>The open tickets of <paramref name="scope"/> now.</summary>
    public static Task<List<OpenTicketFacts>> BacklogAsync(IQueryable<Ticket> scope, CancellationToken cancellationToken) =>
        scope.WhereOpen()
            .Select(t => new OpenTicketFacts(t.Id, t.CreatedAt, t.CategoryId, t.Department ?? t.Category!.Department, t.DistrictId, t.AgencyId, t.Latitude, t.Longitude))
            .ToListAsync(cancellationToken);

    /// <summary>
    /// The open tickets of <paramref name="scope"/> now, counted per age band (<see cref="FiguresCalculator.Ages"/>'s bands)
    /// in one grouped query: the dashboard needs the count and the profile, not each open ticket.
    /// </summary>
    public static async Task<int[]> BacklogAgesAsync(IQueryable<Ticket> scope, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var counts = await scope.WhereOpen().GroupBy(AgeBand(now)).Select(g => new { Band = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return Ages(counts.Select(c => (c.Band, c.Count)));
    }

    /// <summary>The open tickets of <paramref name="scope"/> now, counted per district, department in charge, agency holding them and age band, in SQL.</summary>
    public static async Task<List<OpenTicketCount>> BacklogCountsAsync(IQueryable<Ticket> scope, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // One grouped count per age band, each over its own stretch of creation times (AgeBand's bands).
        var since = Figures.AgeBands.Select(days => now.AddDays(-days)).ToArray();
        var result = new List<OpenTicketCount>();
        for (var band = 0; band <= since.Length; band++)
        {
            var open = scope.WhereOpen();
            if (band < since.Length)
            {
                var after = since[band];
                open = open.Where(t => t.CreatedAt > after);
            }

            if (band > 0)
            {
                var notAfter = since[band - 1];
                open = open.Where(t => t.CreatedAt <= notAfter);
            }

            var counts = await open.GroupBy(t => new { t.DistrictId, Department = t.Department ?? t.Category!.Department, t.AgencyId })
                .Select(g => new { g.Key.DistrictId, g.Key.Department, g.Key.AgencyId, Count = g.Count() })
                .ToListAsync(cancellationToken);
            result.AddRange(counts.Select(c => new OpenTicketCount(c.DistrictId, c.Department, c.AgencyId, band, c.Count)));
        }

        return result;
    }

    /// <summary>The backlog's count in each age band, from counts per band.</summary>
    public static int[] Ages(IEnumerable<(int Band, int Count)> counts)
    {
        var ages = new int[Figures.AgeBands.Length + 1];
        foreach (var (band, count) in counts)
        {
            ages[band] += count;
        }

        return ages;
    }

    /// <summary>
    /// A ticket's age band now (<see cref="FiguresCalculator.Ages"/>'s bands) as SQL: band i holds the tickets younger than
    /// AgeBands[i] days and not younger than the band before, i.e. created after now − AgeBands[i] days.
    /// </summary>
    private static Expression<Func<Ticket, int>> AgeBand(DateTimeOffset now)
    {
        var ticket = Expression.Parameter(typeof(Ticket), "t");
        Expression band = Expression.Constant(Figures.AgeBands.Length);
        for (var i = Figures.AgeBands.Length - 1; i >= 0; i--)
        {
            var since = new StrongBox<DateTimeOffset>(now.AddDays(-Figures.AgeBands[i]));
            band = Expression.Condition(
                Expression.GreaterThan(Expression.Property(ticket, nameof(Ticket.CreatedAt)), Expression.Field(Expression.Constant(since), nameof(since.Value))),
                Expression.Constant(i), band);
        }

        return Expression.Lambda<Func<Ticket, int>>(band, ticket);
    }

    /// <summary>How many tickets of <paramref name="scope"/> were open at <paramref name="moment"/>: received before it and not yet finished then (a later reopening is not seen).</summary>
    public static Task<int> BacklogAtAsync(IQueryable<Ticket> scope, DateTimeOffset moment, CancellationToken cancellationToken) =>
        scope.Where(t => t.CreatedAt < moment)
            .Where(t => t.Status == TicketStatus.New || t.Status == TicketStatus.Referred || t.Status == TicketStatus.InProgress
                        ? true
                        : (t.ResolvedAt ?? t.ClosedAt) > moment)
            .CountAsync(cancellationToken);

    /// <summary>The whole dashboard for one period and the one before it, computed from the tickets themselves (the oracle the daily figures are checked against).</summary>
    public async Task<Dashboard> DashboardAsync(IQueryable<Ticket> scope, StatisticsPeriod period, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var current = await ReceivedAsync(scope, period.Start, period.End, now, cancellationToken);
        var previous = await ReceivedAsync(scope, period.PreviousStart, period.PreviousEnd, now, cancellationToken);
        var backlog = await BacklogAsync(scope, cancellationToken);
        var backlogBefore = await BacklogAtAsync(scope, period.Start, cancellationToken);
        var follow = await scope.Where(t => t.CreatedAt >= period.Start && t.CreatedAt < period.End)
            .SelectMany(t => t.Events.Where(e => e.Kind == TicketEventKind.FollowUp || e.Kind == TicketEventKind.CitizenMessage))
            .GroupBy(e => e.Kind == TicketEventKind.CitizenMessage ? "message" : e.ToValue ?? "")
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, StringComparer.Ordinal, cancellationToken);
        var zone = calculator.Zone;
        return new Dashboard(period, calculator.Compute(current, backlog, now), calculator.Compute(previous, [], now) with { Backlog = backlogBefore },
            follow,
            current.GroupBy(f => f.CategoryId).ToDictionary(g => g.Key, g => g.Count()),
            current.GroupBy(f => f.DistrictId ?? 0).ToDictionary(g => g.Key, g => g.Count()),
            current.GroupBy(f => TimeZoneInfo.ConvertTime(f.CreatedAt, zone).Date).ToDictionary(g => g.Key, g => g.Count()),
            [.. MostFollowedUp(current).Take(Dashboard.FollowedUpShown)],
            Precomputed: false);
    }

    /// <summary>The received tickets citizens came back about, the most often first.</summary>
    public static IEnumerable<FollowedUpTicket> MostFollowedUp(IEnumerable<TicketFacts> received) =>
        received.Where(f => f.FollowUps > 0).OrderByDescending(f => f.FollowUps).ThenBy(f => f.Id)
            .Select(f => new FollowedUpTicket(f.Id, f.TrackingCode, f.CreatedAt, f.CategoryId, f.DistrictId, f.Status, f.FollowUps));

    public Figures Compute(IReadOnlyCollection<TicketFacts> received, IEnumerable<OpenTicketCount> backlog) =>
        calculator.Compute(received, Ages(backlog.Select(o => (o.Band, o.Count))));
}
