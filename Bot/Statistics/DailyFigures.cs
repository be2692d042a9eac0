using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChatIntake.Data;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;
using ChatIntake.Staff;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace ChatIntake.Statistics;

/// <summary>
/// The dashboard's figures pre-aggregated per local day (and per whole Jalali month) × kind × category × department in
/// charge × district × channel, so a period reads a few thousand cells instead of every ticket received in it.
/// Each ticket's contribution is kept (<see cref="Folded"/>); the workflow's events (every change to a ticket writes
/// one) are folded in after a watermark: the tickets they touch are read again and their cells get "minus the old,
/// plus the new". <see cref="RebuildAsync"/> recomputes everything from the tickets (at first start, when the
/// calendar or a category's department changed, and on an administrator's demand). Derived data: created at start,
/// like the search index and the counts, not by a migration.
/// What depends only on the moment asked (targets passed unmet since, the backlog now) is read live from the tickets.
/// </summary>
public sealed class DailyFigures(
    IDbContextFactory<IntakeDbContext> contexts,
    FiguresCalculator calculator,
    WriteGate writeGate,
    IOptions<CalendarOptions> calendarOptions,
    TimeProvider time,
    ILogger<DailyFigures> logger)
{
    public const string Cells = "DailyFigures1";
    public const string Folded = "FoldedTickets1";
    public const string State = "DailyFiguresState1";

    /// <summary>Periods longer than this read whole Jalali months from month cells (and per-month volume).</summary>
    public const int DailyUpToDays = 62;

    private const int FoldBatch = 5_000;
    private const int RebuildChunk = 20_000;
    private static readonly PersianCalendar Jalali = new();

    private static readonly string[] CellColumns =
    [
        "Day", "Kind", "CategoryId", "Department", "DistrictId", "Channel", "Received", "Finished", "ResponseJudged", "ResponseMet", "ResolutionJudged",
        "ResolutionMet", "Reopened", "FollowUps", "FollowedUp", "Rated1", "Rated2", "Rated3", "Rated4", "Rated5", "Response", "Resolution", "AgencyHeld", "Ways",
    ];

    private static readonly string[] FoldedColumns =
    [
        "TicketId", "Day", "FinishDay", "Kind", "CategoryId", "Department", "DistrictId", "Channel", "ResponseMinutes", "ResolutionMinutes", "AgencyHeldMinutes",
        "Flags", "FollowUps", "Ways", "Satisfaction",
    ];

    /// <summary>The tables and index, created when missing (for both providers).</summary>
    internal static readonly string Schema = $"""
        CREATE TABLE IF NOT EXISTS "{Cells}" ("Day" INTEGER NOT NULL, "Kind" INTEGER NOT NULL, "CategoryId" INTEGER NOT NULL, "Department" TEXT NOT NULL,
          "DistrictId" INTEGER NOT NULL, "Channel" TEXT NOT NULL, "Received" INTEGER NOT NULL, "Finished" INTEGER NOT NULL, "ResponseJudged" INTEGER NOT NULL,
          "ResponseMet" INTEGER NOT NULL, "ResolutionJudged" INTEGER NOT NULL, "ResolutionMet" INTEGER NOT NULL, "Reopened" INTEGER NOT NULL,
          "FollowUps" INTEGER NOT NULL, "FollowedUp" INTEGER NOT NULL, "Rated1" INTEGER NOT NULL, "Rated2" INTEGER NOT NULL, "Rated3" INTEGER NOT NULL,
          "Rated4" INTEGER NOT NULL, "Rated5" INTEGER NOT NULL, "Response" TEXT NOT NULL, "Resolution" TEXT NOT NULL, "AgencyHeld" TEXT NOT NULL, "Ways" TEXT NOT NULL,
          PRIMARY KEY ("Day", "Kind", "CategoryId", "Department", "DistrictId", "Channel"));
        CREATE TABLE IF NOT EXISTS "{Folded}" ("TicketId" BIGINT NOT NULL PRIMARY KEY, "Day" INTEGER NOT NULL, "FinishDay" INTEGER NULL, "Kind" INTEGER NOT NULL,
          "CategoryId" INTEGER NOT NULL, "Department" TEXT NOT NULL, "DistrictId" INTEGER NOT NULL, "Channel" TEXT NOT NULL, "ResponseMinutes" INTEGER NULL,
          "ResolutionMinutes" INTEGER NULL, "AgencyHeldMinutes" INTEGER NULL, "Flags" INTEGER NOT NULL, "FollowUps" INTEGER NOT NULL, "Ways" TEXT NOT NULL,
          "Satisfaction" INTEGER NULL);
        DROP INDEX IF EXISTS "{Folded}_FollowedUp";
        CREATE INDEX IF NOT EXISTS "{Folded}_FollowedUpCovering" ON "{Folded}" ("Day", "FollowUps", "TicketId") WHERE "FollowUps" > 0;
        CREATE TABLE IF NOT EXISTS "{State}" ("Id" INTEGER NOT NULL PRIMARY KEY, "Watermark" BIGINT NOT NULL, "Fingerprint" TEXT NOT NULL, "BuiltAt" BIGINT NOT NULL);
        """;

    private static readonly string Recreate = $"""DROP TABLE IF EXISTS "{State}"; DROP TABLE IF EXISTS "{Cells}"; DROP TABLE IF EXISTS "{Folded}";""" + Schema;

    private readonly SemaphoreSlim _folding = new(1, 1);
    private readonly CellCache _cache = new();
    private volatile bool _rebuilding;

    /// <summary>A rebuild is running: readers use the tickets themselves rather than wait for it.</summary>
    public bool Rebuilding => _rebuilding;

    /// <summary>Creates the tables when missing.</summary>
    public async Task EnsureTablesAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            await db.Database.ExecuteSqlRawAsync(Schema, cancellationToken);
        }
    }

    /// <summary>
    /// Marks the figures as not built, so readers use the tickets themselves and the keeper rebuilds them at once (an
    /// administrator's "recompute" after changing data outside the workflow, or to check the figures against drift).
    /// </summary>
    public async Task InvalidateAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            await using var delete = await CommandAsync(db, $"""DELETE FROM "{State}" """, cancellationToken);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        _cache.Clear();

        Interlocked.Exchange(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a rebuild is asked for: the keeper waits on it beside its interval.</summary>
    public Task RebuildAsked => Volatile.Read(ref _wake).Task;

    /// <summary>When the figures were last rebuilt, or null while they are not built.</summary>
    public async Task<DateTimeOffset?> BuiltAtAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var command = await CommandAsync(db, $"""SELECT "BuiltAt" FROM "{State}" WHERE "Id" = 1""", cancellationToken);
        return await command.ExecuteScalarAsync(cancellationToken) is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    /// <summary>Whether the figures were built for today's calendar and categories (else they must be rebuilt before use).</summary>
    public async Task<bool> IsBuiltAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await ReadStateAsync(db, cancellationToken) is { } state && state.Fingerprint == await FingerprintAsync(db, cancellationToken);
    }

    /// <summary>
    /// Folds the events written since the last fold. False when the figures are not built for today's calendar and
    /// categories (a rebuild is due); true when they are current up to the last event.
    /// </summary>
    public Task<bool> FoldAsync(CancellationToken cancellationToken) => FoldAsync(int.MaxValue, wait: true, cancellationToken);

    /// <summary>
    /// What a reader does before reading: folds the pending events when they are few and nobody else is folding, and
    /// never waits; more are left to <see cref="DailyFiguresKeeper"/> (a few seconds behind). False when not built.
    /// </summary>
    public async Task<bool> ReadyToReadAsync(CancellationToken cancellationToken)
    {
        if (_rebuilding)
        {
            return false;
        }

        if (await FoldAsync(ReaderFoldLimit, wait: false, cancellationToken))
        {
            return true;
        }

        return !_rebuilding && await IsBuiltAsync(cancellationToken);
    }

    /// <summary>Pending events a reader folds itself; past this the keeper does (a burst from a job must not stall a page).</summary>
    public const int ReaderFoldLimit = 500;

    private async Task<bool> FoldAsync(int limit, bool wait, CancellationToken cancellationToken)
    {
        if (_rebuilding)
        {
            return false;
        }

        if (!await _folding.WaitAsync(wait ? Timeout.Infinite : 0, cancellationToken))
        {
            return false;
        }

        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var fingerprint = await FingerprintAsync(db, cancellationToken);
            while (true)
            {
                if (_rebuilding || await ReadStateAsync(db, cancellationToken) is not { } state || state.Fingerprint != fingerprint)
                {
                    return false;
                }

                var events = await db.TicketEvents.AsNoTracking().Where(e => e.Id > state.Watermark).OrderBy(e => e.Id).Take((int)Math.Min(FoldBatch, (long)limit + 1))
                    .Select(e => new { e.Id, e.TicketId }).ToListAsync(cancellationToken);
                if (events.Count == 0)
                {
                    return !wait || await FoldLateCommitsAsync(db, state.Watermark, cancellationToken);
                }

                if (events.Count > limit)
                {
                    return false;
                }

                if (!await FoldTicketsAsync(db, [.. events.Select(e => e.TicketId).Distinct()], state.Watermark, events[^1].Id, wait, cancellationToken))
                {
                    return false;
                }

                if (events.Count < FoldBatch)
                {
                    return !wait || await FoldLateCommitsAsync(db, events[^1].Id, cancellationToken);
                }
            }
        }
        finally
        {
            _folding.Release();
        }
    }

    /// <summary>How long after its creation an event may still commit (a slow transaction on another instance).</summary>
    public static readonly TimeSpan LateCommitWindow = TimeSpan.FromMinutes(1);

    private const long LateCommitIds = 20_000;

    /// <summary>
    /// PostgreSQL hands out event ids when rows are written, not when they commit: with several writers (instances), an
    /// event may become visible after a later id was folded, below the watermark. The keeper folds again the tickets of
    /// the last <see cref="LateCommitWindow"/>'s events (a ticket's fold is recomputed whole, so folding twice is harmless).
    /// SQLite has one writer: ids commit in order there.
    /// </summary>
    private async Task<bool> FoldLateCommitsAsync(IntakeDbContext db, long watermark, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            return true;
        }

        var since = time.GetUtcNow() - LateCommitWindow;
        // The ids just below the watermark (a key range, not a scan of every event); a late commit's id is among them.
        var recent = await db.TicketEvents.AsNoTracking().Where(e => e.Id > watermark - LateCommitIds && e.Id <= watermark && e.CreatedAt >= since)
            .Select(e => e.TicketId).Distinct().Take(FoldBatch).ToListAsync(cancellationToken);
        return recent.Count == 0 || await FoldTicketsAsync(db, recent, watermark, watermark, wait: true, cancellationToken);
    }

    /// <summary>Recomputes every cell from the tickets. Readers use the tickets themselves meanwhile.</summary>
    public async Task RebuildAsync(CancellationToken cancellationToken)
    {
        _rebuilding = true;
        await _folding.WaitAsync(cancellationToken);
        try
        {
            var clock = Stopwatch.StartNew();
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
            var fingerprint = await FingerprintAsync(db, cancellationToken);
            // Events after this one are folded afterwards; a ticket read here with a later change is folded again then.
            var watermark = await db.TicketEvents.MaxAsync(e => (long?)e.Id, cancellationToken) ?? 0;
            using (await writeGate.EnterAsync(cancellationToken))
            {
                // In one transaction: a reader between the drop and the create found no table at all and failed.
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                await db.Database.ExecuteSqlRawAsync(Recreate, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            _cache.Clear();

            var cells = new Dictionary<CellKey, FigureCell>();
            long last = 0;
            var tickets = 0;
            while (true)
            {
                var ids = await db.Tickets.AsNoTracking().Where(t => t.Id > last).OrderBy(t => t.Id).Take(RebuildChunk).Select(t => t.Id).ToListAsync(cancellationToken);
                if (ids.Count == 0)
                {
                    break;
                }

                var (first, end) = (ids[0], ids[^1]);
                var contributions = await ContributionsAsync(db, db.Tickets.AsNoTracking().Where(t => t.Id >= first && t.Id <= end),
                    db.TicketEvents.Where(e => e.TicketId >= first && e.TicketId <= end), cancellationToken);
                foreach (var c in contributions)
                {
                    Apply(cells, c, 1);
                }

                using (await writeGate.EnterAsync(cancellationToken))
                {
                    await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                    await InsertFoldedAsync(db, contributions, cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                }

                tickets += contributions.Count;
                last = end;
            }

            foreach (var chunk in cells.Where(c => !c.Value.IsEmpty).Chunk(RebuildChunk))
            {
                using (await writeGate.EnterAsync(cancellationToken))
                {
                    await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                    await InsertCellsAsync(db, chunk, cancellationToken);
                    await transaction.CommitAsync(cancellationToken);
                }
            }

            using (await writeGate.EnterAsync(cancellationToken))
            {
                await using var insert = await CommandAsync(db, $"""INSERT INTO "{State}" ("Id", "Watermark", "Fingerprint", "BuiltAt") VALUES (1, @p0, @p1, @p2)""",
                    cancellationToken, watermark, fingerprint, time.GetUtcNow().ToUnixTimeMilliseconds());
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            _cache.Clear();
            logger.LogInformation("Daily figures rebuilt: {Tickets} tickets into {Cells} cells in {Seconds} s", tickets, cells.Count, Math.Round(clock.Elapsed.TotalSeconds, 1));
        }
        finally
        {
            _rebuilding = false;
            _folding.Release();
        }
    }

    /// <summary>
    /// The dashboard read from the cells (pending events folded first), or null while the figures are not built, in
    /// which case the caller computes it from the tickets.
    /// </summary>
    public async Task<Dashboard?> DashboardAsync(IntakeDbContext db, StaffMember staff, StatisticsFilter filter, IQueryable<Ticket> scope, StatisticsPeriod period,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (!await ReadyToReadAsync(cancellationToken))
        {
            return null;
        }

        var readyMs = clock.ElapsedMilliseconds;
        // Summed per channel as read; the charts' breakdowns need only each cell's received count.
        var received = new Dictionary<CellKey, int>();
        var current = await CellsAsync(db, staff, filter, Keys(period.Start, period.End), ByChannel, received, cancellationToken);
        var previous = await CellsAsync(db, staff, filter, Keys(period.PreviousStart, period.PreviousEnd), ByChannel, null, cancellationToken);
        var cellsMs = clock.ElapsedMilliseconds - readyMs;
        var backlog = await TicketStatistics.BacklogAgesAsync(scope, now, cancellationToken);
        var backlogMs = clock.ElapsedMilliseconds - readyMs - cellsMs;
        var lateNow = await TicketStatistics.OverdueNowAsync(scope, period.Start, period.End, now, cancellationToken);
        var latePrevious = await TicketStatistics.OverdueNowAsync(scope, period.PreviousStart, period.PreviousEnd, now, cancellationToken);
        var lateMs = clock.ElapsedMilliseconds - readyMs - cellsMs - backlogMs;
        var all = Merge(current);
        var backlogAtStart = backlog.Sum() + all.Finished - all.Received + await BalanceAfterAsync(db, staff, filter, period.End, now, cancellationToken);
        var before = Merge(previous);
        var mergedMs = clock.ElapsedMilliseconds;
        // Summed per key first: LocalDate of a month key asks PersianCalendar, far too slow to ask once per stored cell.
        var byDay = Received(received, k => k.Day).GroupBy(d => LocalDate(d.Key)).ToDictionary(g => g.Key, g => g.Sum(d => d.Value));
        var byCategory = Received(received, k => k.CategoryId);
        var byDistrict = Received(received, k => k.DistrictId);
        var breakdownsMs = clock.ElapsedMilliseconds - mergedMs;
        var followedUp = await FollowedUpAsync(db, staff, filter, period, Dashboard.FollowedUpShown, cancellationToken);
        logger.LogDebug(
            "Dashboard from {Cells} cells of the period: ready {ReadyMs} ms, cells {CellsMs} ms, backlog {BacklogMs} ms, targets missed since {LateMs} ms, merged by {MergedMs} ms, breakdowns {BreakdownsMs} ms, followed up {FollowedUpMs} ms, total {TotalMs} ms",
            received.Count, readyMs, cellsMs, backlogMs, lateMs, mergedMs, breakdownsMs, clock.ElapsedMilliseconds - mergedMs - breakdownsMs, clock.ElapsedMilliseconds);
        return new Dashboard(period,
            ToFigures(all, Channels(current), backlog, lateNow.Sum(l => l.Response), lateNow.Sum(l => l.Resolution)),
            ToFigures(before, Channels(previous), TicketStatistics.Ages([]), latePrevious.Sum(l => l.Response), latePrevious.Sum(l => l.Resolution)) with { Backlog = backlogAtStart },
            all.Ways,
            byCategory,
            byDistrict,
            byDay.Where(d => d.Value != 0).ToDictionary(),
            followedUp,
            Precomputed: true);
    }

    /// <summary>
    /// On SQLite, reads every whole Jalali month's cells as an administrator's unfiltered dashboard sums them into
    /// <see cref="CellCache"/>, so the first long period after a start reads only its edge days from the file (the
    /// month cells of four years are ~60,000 rows, read once in the background). Returns the month keys read.
    /// </summary>
    public async Task<int> WarmMonthsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            return 0;
        }

        var months = new List<int>();
        await using (var command = await CommandAsync(db, $"""SELECT DISTINCT "Day" FROM "{Cells}" WHERE "Day" % 100 = 0""", cancellationToken))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                months.Add(reader.GetInt32(0));
            }
        }

        // What Where gives an administrator without filters: the cache key the dashboard asks with.
        await CellsAsync(db, (Everything, []), months, ByChannel, null, cancellationToken);
        return months.Count;
    }

    /// <summary>The cells of a period within <paramref name="staff"/>'s scope and the filters (pending events folded first), or null while not built.</summary>
    public async Task<IReadOnlyList<(CellKey Key, FigureCell Cell)>?> PeriodAsync(IntakeDbContext db, StaffMember staff, StatisticsFilter filter, StatisticsPeriod period,
        CancellationToken cancellationToken) =>
        await ReadyToReadAsync(cancellationToken) ? await CellsAsync(db, staff, filter, Keys(period.Start, period.End), ByUnit, null, cancellationToken) : null;

    /// <summary>Cells summed over days, kinds, categories, districts and departments: what one period's figures and channel shares need.</summary>
    private static CellKey ByChannel(CellKey key) => new(0, default, 0, "", 0, key.Channel);

    /// <summary>Cells summed over days, kinds and categories: what the league and the map split by district and department need.</summary>
    private static CellKey ByUnit(CellKey key) => new(0, default, 0, key.Department, key.DistrictId, key.Channel);

    /// <summary>The received tickets of a period that citizens came back about, the most often first (all of them when <paramref name="take"/> is null).</summary>
    public async Task<IReadOnlyList<FollowedUpTicket>> FollowedUpAsync(IntakeDbContext db, StaffMember staff, StatisticsFilter filter, StatisticsPeriod period, int? take,
        CancellationToken cancellationToken)
    {
        var (where, values) = Where(staff, filter);
        var sql = FollowedUpQuery(where, DayKey(period.Start), DayKey(period.End), take);
        var counts = new List<(long Id, int FollowUps)>();
        await using (var command = await CommandAsync(db, sql, cancellationToken, [.. values]))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                counts.Add((reader.GetInt64(0), reader.GetInt32(1)));
            }
        }

        var result = new List<FollowedUpTicket>(counts.Count);
        foreach (var chunk in counts.Chunk(500))
        {
            var ids = chunk.Select(c => c.Id).ToList();
            var tickets = await db.Tickets.AsNoTracking().Where(t => ids.Contains(t.Id))
                .Select(t => new { t.Id, t.TrackingCode, t.CreatedAt, t.CategoryId, t.DistrictId, t.Status }).ToDictionaryAsync(t => t.Id, cancellationToken);
            foreach (var (id, followUps) in chunk)
            {
                if (tickets.TryGetValue(id, out var t))
                {
                    result.Add(new FollowedUpTicket(t.Id, t.TrackingCode, t.CreatedAt, t.CategoryId, t.DistrictId, t.Status, followUps));
                }
            }
        }

        return result;
    }

    /// <summary>
    /// The folded tickets of the days [<paramref name="from"/>, <paramref name="to"/>) citizens came back about, the most
    /// often first: on SQLite unfiltered it reads only the covering index (no row of the ~100,000 of a long period).
    /// </summary>
    internal static string FollowedUpQuery(string where, int from, int to, int? take) =>
        $"""SELECT "TicketId", "FollowUps" FROM "{Folded}" WHERE "FollowUps" > 0 AND "Day" >= {Literal(from)} AND "Day" < {Literal(to)} AND {where} ORDER BY "FollowUps" DESC, "TicketId" """ +
        (take is { } n ? $" LIMIT {n.ToString(CultureInfo.InvariantCulture)}" : "");

    /// <summary>Figures from merged cells, with the live parts: the backlog now as its count per age band, and the targets missed since by time alone.</summary>
    public static Figures ToFigures(FigureCell cell, IReadOnlyDictionary<string, int> channels, int[] backlogAges, int responseLate, int resolutionLate)
    {
        var rated = cell.Ratings.Sum();
        return new Figures(
            cell.Received,
            backlogAges.Sum(),
            backlogAges,
            cell.Response.Percentile(0.5),
            cell.Response.Percentile(0.9),
            cell.Resolution.Percentile(0.5),
            cell.Resolution.Percentile(0.9),
            Share(cell.ResponseMet, cell.ResponseJudged + responseLate),
            Share(cell.ResolutionMet, cell.ResolutionJudged + resolutionLate),
            Share(cell.Reopened, cell.Received),
            rated == 0 ? null : cell.Ratings.Select((n, i) => n * (i + 1.0)).Sum() / rated,
            [.. cell.Ratings],
            cell.FollowUps,
            cell.FollowedUp,
            channels,
            cell.AgencyHeld.Percentile(0.5));
    }

    public static FigureCell Merge(IEnumerable<(CellKey Key, FigureCell Cell)> cells)
    {
        var all = new FigureCell();
        foreach (var (_, cell) in cells)
        {
            all.Merge(cell);
        }

        return all;
    }

    public static IReadOnlyDictionary<string, int> Channels(IEnumerable<(CellKey Key, FigureCell Cell)> cells) =>
        Received(cells, k => k.Channel);

    private static Dictionary<T, int> Received<T>(IEnumerable<(CellKey Key, FigureCell Cell)> cells, Func<CellKey, T> by)
        where T : notnull =>
        Received(cells.Select(c => new KeyValuePair<CellKey, int>(c.Key, c.Cell.Received)), by);

    private static Dictionary<T, int> Received<T>(IEnumerable<KeyValuePair<CellKey, int>> received, Func<CellKey, T> by)
        where T : notnull =>
        received.GroupBy(c => by(c.Key)).Select(g => (g.Key, Count: g.Sum(c => c.Value))).Where(g => g.Count != 0).ToDictionary(g => g.Key, g => g.Count);

    private static double? Share(int part, int whole) => whole == 0 ? null : (double)part / whole;

    /// <summary>The cell keys covering the local days [start, end): whole Jalali months as one cell each when the span is long, days otherwise.</summary>
    public IReadOnlyList<int> Keys(DateTimeOffset start, DateTimeOffset end)
    {
        var (first, last) = (TimeZoneInfo.ConvertTime(start, calculator.Zone).Date, TimeZoneInfo.ConvertTime(end, calculator.Zone).Date);
        var months = (last - first).TotalDays > DailyUpToDays;
        var keys = new List<int>();
        for (var day = first; day < last;)
        {
            if (months && JalaliDay.Of(day).Day == 1 && Jalali.AddMonths(day, 1) <= last)
            {
                keys.Add(MonthKey(day));
                day = Jalali.AddMonths(day, 1);
            }
            else
            {
                keys.Add(DayKey(day));
                day = day.AddDays(1);
            }
        }

        return keys;
    }

    private int DayKey(DateTimeOffset instant) => DayKey(TimeZoneInfo.ConvertTime(instant, calculator.Zone).Date);

    private static int DayKey(DateTime local) => (local.Year * 10_000) + (local.Month * 100) + local.Day;

    private static int MonthKey(DateTime local)
    {
        var day = JalaliDay.Of(local);
        return ((day.Year * 100) + day.Month) * 100;
    }

    private static int MonthKeyOf(int dayKey) => MonthKey(LocalDate(dayKey));

    /// <summary>The local day a key stands for (a month key: its first day).</summary>
    public static DateTime LocalDate(int key) => key % 100 == 0
        ? Jalali.ToDateTime(key / 10_000, key / 100 % 100, 1, 0, 0, 0, 0)
        : new DateTime(key / 10_000, key / 100 % 100, key % 100, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>What a ticket adds to the figures, from its facts and its follow-ups by way.</summary>
    public TicketContribution Contribute(TicketFacts f, IReadOnlyDictionary<string, int>? ways)
    {
        var day = DayKey(f.CreatedAt);
        // The backlog at a day's start counts tickets received before it and not finished by then: a ticket finished at
        // exactly midnight belongs to the day before (hence the tick), and never to a day before it was received.
        int? finish = f.Status.IsOpen() ? null : f.EndedAt is { } ended ? Math.Max(DayKey(ended.AddTicks(-1)), day) : day;
        var resolution = f.ResolvedAt is { } resolved ? Math.Max(0, (calculator.WorkingTime(f.CreatedAt, resolved) - f.AgencyHeldFor).TotalHours) : (double?)null;
        return new TicketContribution(f.Id, day, finish, f.Kind, f.CategoryId, f.Department, f.DistrictId ?? 0, f.Channel,
            f.FirstResponseAt is { } answered ? WorkingHistogram.Minutes(calculator.WorkingTime(f.CreatedAt, answered).TotalHours) : null,
            f.ResponseDueAt is not null && f.FirstResponseAt is not null,
            f.ResponseDueAt is { } responseDue && f.FirstResponseAt is { } at && at <= responseDue,
            resolution is { } hours ? WorkingHistogram.Minutes(hours) : null,
            f.ResolutionDueAt is not null && f.ResolvedAt is not null,
            f.ResolutionDueAt is { } resolutionDue && f.ResolvedAt is { } done && done <= resolutionDue,
            f.AgencyHeldFor > TimeSpan.Zero ? WorkingHistogram.Minutes(f.AgencyHeldFor.TotalHours) : null,
            f.Reopened,
            f.FollowUps,
            FigureCell.FormatCounts(ways ?? new Dictionary<string, int>()),
            f.Satisfaction);
    }

    private async Task<List<TicketContribution>> ContributionsAsync(IntakeDbContext db, IQueryable<Ticket> tickets, IQueryable<TicketEvent> events, CancellationToken cancellationToken)
    {
        var facts = await TicketStatistics.FactsAsync(tickets, cancellationToken);
        var ways = (await events.Where(e => e.Kind == TicketEventKind.FollowUp || e.Kind == TicketEventKind.CitizenMessage)
                .GroupBy(e => new { e.TicketId, Way = e.Kind == TicketEventKind.CitizenMessage ? "message" : e.ToValue ?? "" })
                .Select(g => new { g.Key.TicketId, g.Key.Way, Count = g.Count() })
                .ToListAsync(cancellationToken))
            .GroupBy(w => w.TicketId)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, int>)g.ToDictionary(w => w.Way.Replace(' ', '_').Replace(':', '_'), w => w.Count, StringComparer.Ordinal));
        return [.. facts.Select(f => Contribute(f, ways.GetValueOrDefault(f.Id)))];
    }

    private static void Apply(Dictionary<CellKey, FigureCell> cells, TicketContribution c, int sign)
    {
        Cell(cells, c.Key).AddReceived(c, sign);
        Cell(cells, c.Key.OnDay(MonthKeyOf(c.Day))).AddReceived(c, sign);
        if (c.FinishDay is { } finish)
        {
            Cell(cells, c.Key.OnDay(finish)).Finished += sign;
            Cell(cells, c.Key.OnDay(MonthKeyOf(finish))).Finished += sign;
        }
    }

    private static FigureCell Cell(Dictionary<CellKey, FigureCell> cells, CellKey key)
    {
        if (!cells.TryGetValue(key, out var cell))
        {
            cell = new FigureCell();
            cells[key] = cell;
        }

        return cell;
    }

    /// <summary>Folds the current state of <paramref name="ids"/> in, moving the watermark from <paramref name="from"/> to <paramref name="to"/> in the same transaction.</summary>
    /// <returns>False when it did not fold: the gate was busy and <paramref name="wait"/> false (a reader leaves it to the keeper).</returns>
    private async Task<bool> FoldTicketsAsync(IntakeDbContext db, List<long> ids, long from, long to, bool wait, CancellationToken cancellationToken)
    {
        var fresh = await ContributionsAsync(db, db.Tickets.AsNoTracking().Where(t => ids.Contains(t.Id)), db.TicketEvents.Where(e => ids.Contains(e.TicketId)), cancellationToken);
        WriteGate.Releaser gate;
        if (wait)
        {
            gate = await writeGate.EnterAsync(cancellationToken);
        }
        else if (!writeGate.TryEnter(out gate))
        {
            return false;
        }

        using (gate)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var old = await ReadFoldedAsync(db, ids, cancellationToken);
            var keys = old.Concat(fresh).SelectMany(c => (CellKey[])
                [c.Key, c.Key.OnDay(MonthKeyOf(c.Day)), .. c.FinishDay is { } f ? (CellKey[])[c.Key.OnDay(f), c.Key.OnDay(MonthKeyOf(f))] : []]).ToHashSet();
            var cells = await ReadCellsAsync(db, keys, cancellationToken);
            foreach (var c in old)
            {
                Apply(cells, c, -1);
            }

            foreach (var c in fresh)
            {
                Apply(cells, c, 1);
            }

            foreach (var chunk in keys.Chunk(200))
            {
                await DeleteCellsAsync(db, chunk, cancellationToken);
            }

            await InsertCellsAsync(db, [.. cells.Where(c => keys.Contains(c.Key) && !c.Value.IsEmpty)], cancellationToken);
            foreach (var chunk in ids.Chunk(500))
            {
                await using var delete = await CommandAsync(db, $"""DELETE FROM "{Folded}" WHERE "TicketId" IN ({string.Join(',', chunk.Select(Literal))})""", cancellationToken);
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }

            await InsertFoldedAsync(db, fresh, cancellationToken);
            await using var move = await CommandAsync(db, $"""UPDATE "{State}" SET "Watermark" = @p0 WHERE "Id" = 1 AND "Watermark" = @p1""", cancellationToken, to, from);
            if (await move.ExecuteNonQueryAsync(cancellationToken) != 1)
            {
                // Someone else folded or rebuilt meanwhile: this fold's view is stale, so it is dropped.
                await transaction.RollbackAsync(cancellationToken);
                return false;
            }

            await transaction.CommitAsync(cancellationToken);
            _cache.Changed(keys.Select(k => k.Day).Distinct());
            return true;
        }
    }

    private static async Task<List<TicketContribution>> ReadFoldedAsync(IntakeDbContext db, List<long> ids, CancellationToken cancellationToken)
    {
        var result = new List<TicketContribution>();
        foreach (var chunk in ids.Chunk(500))
        {
            await using var command = await CommandAsync(db,
                $"""SELECT {Columns(FoldedColumns)} FROM "{Folded}" WHERE "TicketId" IN ({string.Join(',', chunk.Select(Literal))})""", cancellationToken);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                int? Nullable(int i) => reader.IsDBNull(i) ? null : reader.GetInt32(i);
                var flags = reader.GetInt32(11);
                result.Add(new TicketContribution(reader.GetInt64(0), reader.GetInt32(1), Nullable(2), (TicketKind)reader.GetInt32(3), reader.GetInt32(4), reader.GetString(5),
                    reader.GetInt32(6), reader.GetString(7), Nullable(8), (flags & 1) != 0, (flags & 2) != 0, Nullable(9), (flags & 4) != 0, (flags & 8) != 0, Nullable(10),
                    (flags & 16) != 0, reader.GetInt32(12), reader.GetString(13), Nullable(14)));
            }
        }

        return result;
    }

    private static async Task InsertFoldedAsync(IntakeDbContext db, IReadOnlyList<TicketContribution> rows, CancellationToken cancellationToken)
    {
        await using var insert = await CommandAsync(db, $"""INSERT INTO "{Folded}" ({Columns(FoldedColumns)}) VALUES ({Holes(FoldedColumns.Length)})""", cancellationToken,
            new object?[FoldedColumns.Length]);
        foreach (var c in rows)
        {
            Bind(insert, c.TicketId, c.Day, c.FinishDay, (int)c.Kind, c.CategoryId, c.Department, c.DistrictId, c.Channel, c.ResponseMinutes, c.ResolutionMinutes,
                c.AgencyHeldMinutes, c.Flags, c.FollowUps, c.Ways, c.Satisfaction);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task<Dictionary<CellKey, FigureCell>> ReadCellsAsync(IntakeDbContext db, HashSet<CellKey> keys, CancellationToken cancellationToken)
    {
        var cells = new Dictionary<CellKey, FigureCell>();
        foreach (var days in keys.Select(k => k.Day).Distinct().Chunk(200))
        {
            var categories = string.Join(',', keys.Select(k => k.CategoryId).Distinct().Select(Literal));
            foreach (var (key, cell) in await QueryCellsAsync(db, $""" "Day" IN ({string.Join(',', days.Select(Literal))}) AND "CategoryId" IN ({categories})""", [], k => k, null,
                         cancellationToken))
            {
                if (keys.Contains(key))
                {
                    cells[key] = cell;
                }
            }
        }

        return cells;
    }

    private static async Task DeleteCellsAsync(IntakeDbContext db, IReadOnlyList<CellKey> keys, CancellationToken cancellationToken)
    {
        await using var delete = await CommandAsync(db,
            $"""DELETE FROM "{Cells}" WHERE "Day" = @p0 AND "Kind" = @p1 AND "CategoryId" = @p2 AND "Department" = @p3 AND "DistrictId" = @p4 AND "Channel" = @p5""",
            cancellationToken, new object?[6]);
        foreach (var k in keys)
        {
            Bind(delete, k.Day, (int)k.Kind, k.CategoryId, k.Department, k.DistrictId, k.Channel);
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task InsertCellsAsync(IntakeDbContext db, IReadOnlyList<KeyValuePair<CellKey, FigureCell>> cells, CancellationToken cancellationToken)
    {
        await using var insert = await CommandAsync(db, $"""INSERT INTO "{Cells}" ({Columns(CellColumns)}) VALUES ({Holes(CellColumns.Length)})""", cancellationToken,
            new object?[CellColumns.Length]);
        foreach (var (k, c) in cells)
        {
            Bind(insert, k.Day, (int)k.Kind, k.CategoryId, k.Department, k.DistrictId, k.Channel, c.Received, c.Finished, c.ResponseJudged, c.ResponseMet,
                c.ResolutionJudged, c.ResolutionMet, c.Reopened, c.FollowUps, c.FollowedUp, c.Ratings[0], c.Ratings[1], c.Ratings[2], c.Ratings[3], c.Ratings[4],
                c.Response.ToString(), c.Resolution.ToString(), c.AgencyHeld.ToString(), FigureCell.FormatCounts(c.Ways));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The cells of <paramref name="keys"/> within the scope and filters, summed by <paramref name="collapse"/> (see
    /// <see cref="QueryCellsAsync"/>): on SQLite each key's part from <see cref="CellCache"/> when no fold has written that key since it was read.
    /// </summary>
    private Task<List<(CellKey Key, FigureCell Cell)>> CellsAsync(IntakeDbContext db, StaffMember staff, StatisticsFilter filter, IReadOnlyList<int> keys,
        Func<CellKey, CellKey> collapse, Dictionary<CellKey, int>? received, CancellationToken cancellationToken) =>
        CellsAsync(db, Where(staff, filter), keys, collapse, received, cancellationToken);

    private async Task<List<(CellKey Key, FigureCell Cell)>> CellsAsync(IntakeDbContext db, (string Sql, List<object?> Values) scope, IReadOnlyList<int> keys,
        Func<CellKey, CellKey> collapse, Dictionary<CellKey, int>? received, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return [];
        }

        var (where, values) = scope;
        var cached = !db.Database.IsNpgsql();
        var query = collapse.Method.Name + "|" + where + "|" + string.Join('\u001f', values);
        var parts = new List<CellCache.Entry>(keys.Count);
        var missing = new List<int>();
        foreach (var key in keys)
        {
            if (cached && _cache.Find(query, key) is { } entry)
            {
                parts.Add(entry);
            }
            else
            {
                missing.Add(key);
            }
        }

        if (missing.Count > 0)
        {
            var readAt = _cache.Now;
            var fresh = new Dictionary<CellKey, int>();
            // Summed per key too, so that each key's part can be kept on its own.
            var cells = await QueryCellsAsync(db, $""" "Day" IN ({string.Join(',', missing.Select(Literal))}) AND {where}""", values, k => collapse(k) with { Day = k.Day }, fresh,
                cancellationToken);
            var cellsByDay = cells.ToLookup(c => c.Key.Day);
            var receivedByDay = fresh.ToLookup(r => r.Key.Day);
            foreach (var day in missing)
            {
                var entry = new CellCache.Entry(readAt, [.. cellsByDay[day]], receivedByDay[day].ToDictionary());
                parts.Add(entry);
                if (cached)
                {
                    _cache.Keep(query, day, entry);
                }
            }
        }

        // New cells: what the cache holds is never changed by a reader.
        var sums = new Dictionary<CellKey, FigureCell>();
        foreach (var part in parts)
        {
            foreach (var (key, cell) in part.Cells)
            {
                var into = key with { Day = 0 };
                if (!sums.TryGetValue(into, out var sum))
                {
                    sum = new FigureCell();
                    sums[into] = sum;
                }

                sum.Merge(cell);
            }

            if (received is not null)
            {
                foreach (var (key, count) in part.Received)
                {
                    received[key] = count;
                }
            }
        }

        return [.. sums.Select(s => (s.Key, s.Value))];
    }

    /// <summary>Finished less received in the cells after <paramref name="end"/> up to today: what turns the backlog now into the backlog at a period's start.</summary>
    private async Task<int> BalanceAfterAsync(IntakeDbContext db, StaffMember staff, StatisticsFilter filter, DateTimeOffset end, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tomorrow = StatisticsPeriod.At(TimeZoneInfo.ConvertTime(now, calculator.Zone).Date.AddDays(1), calculator.Zone);
        var keys = Keys(end, tomorrow > end ? tomorrow : end);
        if (keys.Count == 0)
        {
            return 0;
        }

        var (where, values) = Where(staff, filter);
        await using var command = await CommandAsync(db,
            $"""SELECT coalesce(sum("Finished"), 0) - coalesce(sum("Received"), 0) FROM "{Cells}" WHERE "Day" IN ({string.Join(',', keys.Select(Literal))}) AND {where}""",
            cancellationToken, [.. values]);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The cells matching <paramref name="where"/>, each added as it is read into the cell of <paramref name="collapse"/>(its key)
    /// (the identity keeps them apart), with each cell's received count by its own key into <paramref name="received"/> when given:
    /// no object per stored cell, as a long period reads tens of thousands.
    /// </summary>
    private static async Task<List<(CellKey Key, FigureCell Cell)>> QueryCellsAsync(IntakeDbContext db, string where, IReadOnlyList<object?> values,
        Func<CellKey, CellKey> collapse, Dictionary<CellKey, int>? received, CancellationToken cancellationToken)
    {
        var sums = new Dictionary<CellKey, FigureCell>();
        await using var command = await CommandAsync(db, $"""SELECT {Columns(CellColumns)} FROM "{Cells}" WHERE {where}""", cancellationToken, [.. values]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = new CellKey(reader.GetInt32(0), (TicketKind)reader.GetInt32(1), reader.GetInt32(2), reader.GetString(3), reader.GetInt32(4), reader.GetString(5));
            var into = collapse(key);
            if (!sums.TryGetValue(into, out var cell))
            {
                cell = new FigureCell();
                sums[into] = cell;
            }

            var count = reader.GetInt32(6);
            cell.Received += count;
            if (received is not null)
            {
                received[key] = received.GetValueOrDefault(key) + count;
            }

            cell.Finished += reader.GetInt32(7);
            cell.ResponseJudged += reader.GetInt32(8);
            cell.ResponseMet += reader.GetInt32(9);
            cell.ResolutionJudged += reader.GetInt32(10);
            cell.ResolutionMet += reader.GetInt32(11);
            cell.Reopened += reader.GetInt32(12);
            cell.FollowUps += reader.GetInt32(13);
            cell.FollowedUp += reader.GetInt32(14);
            for (var i = 0; i < 5; i++)
            {
                cell.Ratings[i] += reader.GetInt32(15 + i);
            }

            cell.Response.AddStored(reader.GetString(20));
            cell.Resolution.AddStored(reader.GetString(21));
            cell.AgencyHeld.AddStored(reader.GetString(22));
            cell.AddWays(reader.GetString(23));
        }

        return [.. sums.Select(s => (s.Key, s.Value))];
    }

    /// <summary>The condition of no scope and no filter (an administrator's unfiltered view).</summary>
    private const string Everything = "1 = 1";

    /// <summary>The scope and filters as SQL over the cells' (and folded tickets') dimensions: numbers written in, names as parameters.</summary>
    private static (string Sql, List<object?> Values) Where(StaffMember staff, StatisticsFilter filter)
    {
        var parts = new List<string>();
        var values = new List<object?>();
        string Parameter(object value)
        {
            values.Add(value);
            return "@p" + (values.Count - 1).ToString(CultureInfo.InvariantCulture);
        }

        if (staff.Role != StaffRole.Administrator)
        {
            var departments = staff.DepartmentList.ToList();
            var districts = staff.DistrictList.ToList();
            if (departments.Count == 0 && districts.Count == 0)
            {
                parts.Add("1 = 0");
            }

            if (departments.Count > 0)
            {
                parts.Add($""" "Department" IN ({string.Join(',', departments.Select(d => Parameter(d)))})""");
            }

            if (districts.Count > 0)
            {
                parts.Add($""" "DistrictId" IN ({string.Join(',', districts.Select(d => Literal(d)))})""");
            }
        }

        if (filter.Kind is { } kind)
        {
            parts.Add($""" "Kind" = {Literal((int)kind)}""");
        }

        if (filter.CategoryId is { } category)
        {
            parts.Add($""" "CategoryId" = {Literal(category)}""");
        }

        if (!string.IsNullOrEmpty(filter.Department))
        {
            parts.Add($""" "Department" = {Parameter(filter.Department)}""");
        }

        if (filter.DistrictId is { } district)
        {
            parts.Add($""" "DistrictId" = {Literal(district)}""");
        }

        if (!string.IsNullOrEmpty(filter.Channel))
        {
            parts.Add($""" "Channel" = {Parameter(filter.Channel)}""");
        }

        return (parts.Count == 0 ? Everything : string.Join(" AND ", parts), values);
    }

    private static string Literal(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Literal(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Columns(string[] names) => string.Join(", ", names.Select(n => $"\"{n}\""));

    private static string Holes(int count) => string.Join(", ", Enumerable.Range(0, count).Select(i => "@p" + i.ToString(CultureInfo.InvariantCulture)));

    private static async Task<DbCommand> CommandAsync(IntakeDbContext db, string sql, CancellationToken cancellationToken, params object?[] values)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        for (var i = 0; i < values.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@p" + i.ToString(CultureInfo.InvariantCulture);
            parameter.Value = values[i] ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static void Bind(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }

    private sealed record StateRow(long Watermark, string Fingerprint);

    private static async Task<StateRow?> ReadStateAsync(IntakeDbContext db, CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync(db, $"""SELECT "Watermark", "Fingerprint" FROM "{State}" WHERE "Id" = 1""", cancellationToken);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new StateRow(reader.GetInt64(0), reader.GetString(1)) : null;
    }

    /// <summary>What the cells depend on besides the tickets: the calendar (working hours), the zone (days), and each category's department.</summary>
    private async Task<string> FingerprintAsync(IntakeDbContext db, CancellationToken cancellationToken)
    {
        var departments = await db.Categories.AsNoTracking().OrderBy(c => c.Id).Select(c => c.Id + "=" + c.Department).ToListAsync(cancellationToken);
        var text = JsonSerializer.Serialize(calendarOptions.Value) + "|" + calculator.Zone.Id + "|" + string.Join(";", departments);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }
}
