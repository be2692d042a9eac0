using ChatIntake.Data;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Staff;
using ChatIntake.Statistics;
using ChatIntake.Tests.Admin;
using ChatIntake.Tests.Infrastructure;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Statistics;

/// <summary>
/// The pre-aggregated daily figures against the oracle (<see cref="TicketStatistics.DashboardAsync"/>, which computes
/// from the tickets): a varied history of a few hundred tickets over five months, every status and kind, districts and
/// none, department overrides, reopenings, follow-ups by way, outside agencies and ratings; read for several periods,
/// filters and scopes, after a rebuild and again after the workflow changed tickets.
/// </summary>
public sealed class DailyFiguresTests : IAsyncLifetime
{
    private static readonly TimeZoneInfo Tehran = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran");
    private readonly AdminHost _host = AdminHost.WithClock();

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    private static DateTimeOffset Local(int year, int month, int day, int hour = 0) => StatisticsPeriod.At(new DateTime(year, month, day, hour, 0, 0), Tehran);

    [Fact]
    public void Percentiles_read_from_buckets_stay_within_the_stated_resolution()
    {
        var exact = new List<double> { 0.2, 0.9, 1.5, 3.25, 7.9, 30, 50.5, 100, 900 };
        var histogram = new WorkingHistogram();
        foreach (var hours in exact)
        {
            histogram.Add(WorkingHistogram.Minutes(hours));
        }

        var stored = WorkingHistogram.Parse(histogram.ToString());
        Assert.Equal(histogram.ToString(), stored.ToString());
        foreach (var q in new[] { 0.1, 0.5, 0.9 })
        {
            var expected = FiguresCalculator.Percentile([.. exact], q)!.Value;
            Assert.InRange(stored.Percentile(q)!.Value, expected - Tolerance(expected), expected + Tolerance(expected));
        }

        stored.Add(WorkingHistogram.Minutes(0.2), -1);
        Assert.Equal(exact.Count - 1, stored.Count);
        Assert.Null(new WorkingHistogram().Percentile(0.5));
    }

    [Fact]
    public async Task Daily_figures_equal_the_figures_computed_from_the_tickets_and_stay_equal_as_the_workflow_changes_tickets()
    {
        var now = Local(2027, 3, 3, 11);
        _host.Clock!.SetTo(now);
        var d1 = await _host.DistrictIdAsync("D1");
        var d2 = await _host.DistrictIdAsync("D2");
        var ids = await SeedHistoryAsync(now);
        var daily = _host.Bot.Service<DailyFigures>();
        await daily.RebuildAsync(default);
        Assert.True(await daily.IsBuiltAsync(default));

        await using (var db = _host.Bot.CreateDbContext())
        {
            var department = await db.Categories.OrderBy(c => c.Id).Select(c => c.Department).FirstAsync();
            var category = await db.Categories.OrderBy(c => c.Id).Skip(1).Select(c => c.Id).FirstAsync();
            var staff = new[]
            {
                await db.Staff.SingleAsync(s => s.UserName == "admin"),
                await _host.CreateStaffAsync("daily-d2", StaffRole.Supervisor, districts: [d2]),
                await _host.CreateStaffAsync("daily-dept", StaffRole.Supervisor, departments: [department]),
            };
            var filters = new[]
            {
                StatisticsFilter.None, new StatisticsFilter(Kind: TicketKind.Complaint), new StatisticsFilter(CategoryId: category),
                new StatisticsFilter(DistrictId: d1), new StatisticsFilter(Channel: "phone"), new StatisticsFilter(Department: "Roads"),
            };
            var periods = new[]
            {
                StatisticsPeriod.Last30Days(now, Tehran), StatisticsPeriod.WeekOf(now, Tehran), StatisticsPeriod.MonthOf(now, Tehran, jalali: true),
                StatisticsPeriod.MonthOf(now, Tehran, jalali: false),
                // Over two months: whole Jalali months come from month cells, the edges from day cells.
                StatisticsPeriod.Between(new DateTime(2026, 11, 3), new DateTime(2027, 2, 25), Tehran),
                StatisticsPeriod.Between(new DateTime(2026, 10, 1), new DateTime(2026, 12, 31), Tehran),
            };
            var compared = 0;
            foreach (var member in staff)
            {
                foreach (var filter in filters)
                {
                    foreach (var period in periods)
                    {
                        compared += await CompareAsync(db, daily, member, filter, period, now);
                    }
                }
            }

            Assert.True(compared > 1_000, $"only {compared} tickets compared");
        }

        // The workflow changes tickets: replies, resolutions, reopenings, ratings, a field visit. The next read folds them in.
        var workflow = _host.Bot.Service<TicketWorkflow>();
        var later = now.AddHours(3);
        _host.Clock.SetTo(later);
        await using (var db = _host.Bot.CreateDbContext())
        {
            var admin = TicketActor.Staff(await db.Staff.SingleAsync(s => s.UserName == "admin"));
            var open = await db.Tickets.Where(t => ids.Contains(t.Id) && (t.Status == TicketStatus.New || t.Status == TicketStatus.InProgress)).OrderBy(t => t.Id).Take(12).ToListAsync();
            Assert.True(open.Count >= 6, "the history has open tickets");
            foreach (var (ticket, i) in open.Select((t, i) => (t, i)))
            {
                var change = (i % 3) switch
                {
                    0 => await workflow.ReplyAsync(db, ticket, admin, "در دست بررسی است.", later, default),
                    1 => await workflow.ResolveAsync(db, ticket, admin, null, later, default),
                    _ => await workflow.ChangeStatusAsync(db, ticket, TicketStatus.Rejected, admin, "تکراری و بی‌جا", later, default),
                };
                if (change is not null)
                {
                    await workflow.CommitAsync(db, default, change);
                }
            }

            var resolved = await db.Tickets.Where(t => ids.Contains(t.Id) && t.Status == TicketStatus.Resolved).OrderByDescending(t => t.Id).Take(4).ToListAsync();
            foreach (var ticket in resolved.Take(2))
            {
                if (await workflow.ReopenAsync(db, ticket, TicketActor.Citizen(ticket.CitizenId), "not fixed", later, default) is { } change)
                {
                    await workflow.CommitAsync(db, default, change);
                }
            }

            foreach (var ticket in resolved.Skip(2))
            {
                workflow.Rate(ticket, TicketActor.Citizen(ticket.CitizenId), 2, null, later);
                await db.SaveChangesAsync();
            }
        }

        await using (var db = _host.Bot.CreateDbContext())
        {
            var admin = await db.Staff.SingleAsync(s => s.UserName == "admin");
            var supervisor = await db.Staff.SingleAsync(s => s.UserName == "daily-d2");
            foreach (var period in new[] { StatisticsPeriod.Last30Days(later, Tehran), StatisticsPeriod.Between(new DateTime(2026, 11, 3), new DateTime(2027, 3, 3), Tehran) })
            {
                await CompareAsync(db, daily, admin, StatisticsFilter.None, period, later);
                await CompareAsync(db, daily, supervisor, StatisticsFilter.None, period, later);
            }
        }
    }

    [Fact]
    [Trait("Database", "SqliteOnly")] // only SQLite keeps cells in memory (on PostgreSQL other instances fold too)
    public async Task Whole_months_read_ahead_are_served_from_memory_to_the_first_long_period_asked()
    {
        var now = Local(2027, 3, 3, 11);
        _host.Clock!.SetTo(now);
        await SeedHistoryAsync(now, count: 120);
        var daily = _host.Bot.Service<DailyFigures>();
        await daily.RebuildAsync(default);
        Assert.True(await daily.FoldAsync(default));
        Assert.True(await daily.WarmMonthsAsync(default) >= 3);

        await using var db = _host.Bot.CreateDbContext();
        // Spoil the stored month cells behind the cache's back: a read from the file would now count 1,000 more a month.
        Assert.True(await db.Database.ExecuteSqlRawAsync($"""UPDATE "{DailyFigures.Cells}" SET "Received" = "Received" + 1000 WHERE "Day" % 100 = 0""") > 0);
        var admin = await db.Staff.SingleAsync(s => s.UserName == "admin");
        await CompareAsync(db, daily, admin, StatisticsFilter.None, StatisticsPeriod.Between(new DateTime(2026, 11, 3), new DateTime(2027, 2, 25), Tehran), now);
    }

    [Fact]
    public async Task A_change_of_a_categorys_department_makes_the_figures_rebuild_before_they_are_read_again()
    {
        var now = Local(2027, 3, 3, 11);
        _host.Clock!.SetTo(now);
        await SeedHistoryAsync(now, count: 40);
        var daily = _host.Bot.Service<DailyFigures>();
        await daily.RebuildAsync(default);
        await using var db = _host.Bot.CreateDbContext();
        var category = await db.Categories.OrderBy(c => c.Id).FirstAsync();
        category.Department = "Parks and Trees";
        await db.SaveChangesAsync();

        Assert.False(await daily.IsBuiltAsync(default));
        var admin = await db.Staff.SingleAsync(s => s.UserName == "admin");
        var period = StatisticsPeriod.Last30Days(now, Tehran);
        Assert.Null(await daily.DashboardAsync(db, admin, StatisticsFilter.None, TicketStatistics.Scope(db, admin, StatisticsFilter.None), period, now, default));
        await daily.RebuildAsync(default);
        await CompareAsync(db, daily, admin, new StatisticsFilter(Department: "Parks and Trees"), period, now);
    }

    [Fact]
    [Trait("Database", "PostgresOnly")] // SQLite has one writer: its ids commit in order
    public async Task A_change_that_commits_after_a_later_one_was_folded_is_still_counted()
    {
        var now = Local(2027, 3, 3, 11);
        _host.Clock!.SetTo(now);
        var ids = await SeedHistoryAsync(now, count: 40);
        var daily = _host.Bot.Service<DailyFigures>();
        await daily.RebuildAsync(default);
        var workflow = _host.Bot.Service<TicketWorkflow>();
        await using var slow = _host.Bot.CreateDbContext();
        await using var quick = _host.Bot.CreateDbContext();
        var staff = await quick.Staff.SingleAsync(s => s.UserName == "admin");
        var open = await quick.Tickets.Where(t => ids.Contains(t.Id) && (t.Status == TicketStatus.New || t.Status == TicketStatus.InProgress)).OrderBy(t => t.Id)
            .Select(t => t.Id).Take(2).ToListAsync();
        Assert.Equal(2, open.Count);

        // One instance resolves a ticket in a transaction that stays open (its event's id is taken now)...
        var first = await slow.Tickets.SingleAsync(t => t.Id == open[0]);
        Assert.NotNull(await workflow.ResolveAsync(slow, first, TicketActor.Staff(staff), null, now, default));
        await using var transaction = await slow.Database.BeginTransactionAsync();
        await slow.SaveChangesAsync();

        // ...while another resolves a second ticket and commits at once; the figures fold that later event.
        var second = await quick.Tickets.SingleAsync(t => t.Id == open[1]);
        await workflow.CommitAsync(quick, default, (await workflow.ResolveAsync(quick, second, TicketActor.Staff(staff), null, now, default))!);
        Assert.True(await daily.FoldAsync(default));

        // The first commits last, below the folded watermark: the keeper's next fold still counts it.
        await transaction.CommitAsync();
        await CompareAsync(quick, daily, staff, StatisticsFilter.None, StatisticsPeriod.Last30Days(now, Tehran), now);
    }

    [Fact]
    public async Task A_reader_during_a_rebuild_finds_the_figures_not_built_rather_than_missing()
    {
        var daily = _host.Bot.Service<DailyFigures>();
        await Eventually.UntilAsync(async () => await daily.IsBuiltAsync(default), "the daily figures built at start", TimeSpan.FromSeconds(60));

        // Readers ask while rebuilds drop and create the tables: each sees the old tables or the new ones, never none.
        var failures = new List<string>();
        for (var round = 0; round < 50; round++)
        {
            var rebuild = Task.Run(() => daily.RebuildAsync(default)); // on another thread, as the keeper runs it
            while (!rebuild.IsCompleted)
            {
                try
                {
                    await daily.IsBuiltAsync(default);
                }
                catch (Microsoft.Data.Sqlite.SqliteException ex)
                {
                    failures.Add(ex.Message);
                }
            }

            await rebuild;
        }

        Assert.Empty(failures);
        Assert.True(await daily.IsBuiltAsync(default));
    }

    [Fact]
    public async Task An_administrator_has_the_daily_figures_recomputed_and_a_supervisor_may_not()
    {
        var daily = _host.Bot.Service<DailyFigures>();
        await Eventually.UntilAsync(async () => await daily.IsBuiltAsync(default), "the daily figures built at start", TimeSpan.FromSeconds(60));
        var before = await daily.BuiltAtAsync(default);
        await _host.CreateStaffAsync("daily-sup", StaffRole.Supervisor, districts: [await _host.DistrictIdAsync("D1")]);
        using (var supervisor = await _host.SignInAsync("daily-sup"))
        {
            Assert.DoesNotContain("handler=rebuild", await supervisor.GetPageAsync("/admin/dashboard"));
            var refused = await supervisor.PostFormAsync("/admin/dashboard?handler=rebuild", new(), "/admin/dashboard");
            Assert.Contains("/admin/denied", refused.Headers.Location?.OriginalString ?? "");
        }

        Assert.Equal(before, await daily.BuiltAtAsync(default));
        _host.Clock!.Advance(TimeSpan.FromMinutes(1));
        using var admin = await _host.SignInAsync("admin", AdminHost.AdminPassword);
        Assert.Contains("data-figures=\"daily\"", await admin.GetPageAsync("/admin/dashboard"));
        var response = await admin.PostFormAsync("/admin/dashboard?handler=rebuild", new(), "/admin/dashboard");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        // The keeper rebuilds at once when asked; the page reads the tickets themselves meanwhile.
        // Done is the new build's time written and the rebuild over: the time is written a moment before it ends. While
        // it runs its tables are dropped and made again (outside a transaction on SQLite), so they are read only between.
        await Eventually.UntilAsync(async () =>
        {
            if (daily.Rebuilding)
            {
                return false;
            }

            try
            {
                return await daily.BuiltAtAsync(default) is { } at && at > before!.Value && !daily.Rebuilding;
            }
            catch (System.Data.Common.DbException) when (daily.Rebuilding)
            {
                return false; // the rebuild began between the look and the read
            }
        }, "the daily figures rebuilt", TimeSpan.FromSeconds(60));
        Assert.Contains("data-figures=\"daily\"", await admin.GetPageAsync("/admin/dashboard"));
    }

    /// <summary>The daily figures' dashboard beside the oracle's: counts and shares equal, percentiles within the buckets' resolution. Returns how many tickets the period held.</summary>
    private async Task<int> CompareAsync(IntakeDbContext db, DailyFigures daily, StaffMember staff, StatisticsFilter filter, StatisticsPeriod period, DateTimeOffset now)
    {
        // Everything written so far folded in (a reader alone folds only when nobody else is folding).
        Assert.True(await daily.FoldAsync(default));
        var scope = TicketStatistics.Scope(db, staff, filter);
        var expected = await _host.Bot.Service<TicketStatistics>().DashboardAsync(scope, period, now, default);
        var actual = await daily.DashboardAsync(db, staff, filter, scope, period, now, default);
        Assert.NotNull(actual);
        Assert.True(actual.Precomputed);
        var where = $"{staff.UserName}, {filter}, {period.Start:yyyy-MM-dd}..{period.End:yyyy-MM-dd}";
        Same(expected.Current, actual.Current, where + " (current)");
        Same(expected.Previous, actual.Previous, where + " (previous)");
        Assert.Equal(Sorted(expected.FollowUpsByWay), Sorted(actual.FollowUpsByWay));
        Assert.Equal(expected.ByCategory.OrderBy(c => c.Key), actual.ByCategory.OrderBy(c => c.Key));
        Assert.Equal(expected.ByDistrict.OrderBy(c => c.Key), actual.ByDistrict.OrderBy(c => c.Key));
        if (period.Length.TotalDays <= DailyFigures.DailyUpToDays)
        {
            Assert.Equal(expected.ByDay.OrderBy(c => c.Key), actual.ByDay.OrderBy(c => c.Key));
        }
        else
        {
            Assert.Equal(expected.ByDay.Values.Sum(), actual.ByDay.Values.Sum());
        }

        // Without the status, which the product's own jobs (auto-close) may change between the two reads.
        Assert.Equal(expected.MostFollowedUp.Select(f => (f.Id, f.TrackingCode, f.FollowUps)), actual.MostFollowedUp.Select(f => (f.Id, f.TrackingCode, f.FollowUps)));
        return expected.Current.Received + expected.Previous.Received;
    }

    private static void Same(Figures expected, Figures actual, string where)
    {
        Assert.True(expected.Received == actual.Received, $"received {expected.Received} vs {actual.Received}: {where}");
        Assert.True(expected.Backlog == actual.Backlog, $"backlog {expected.Backlog} vs {actual.Backlog}: {where}");
        Assert.Equal(expected.BacklogAges, actual.BacklogAges);
        Assert.Equal(expected.ResponseWithinTarget, actual.ResponseWithinTarget);
        Assert.Equal(expected.ResolutionWithinTarget, actual.ResolutionWithinTarget);
        Assert.Equal(expected.ReopenRate, actual.ReopenRate);
        Assert.Equal(expected.SatisfactionAverage, actual.SatisfactionAverage);
        Assert.Equal(expected.SatisfactionCounts, actual.SatisfactionCounts);
        Assert.Equal((expected.FollowUps, expected.TicketsFollowedUp), (actual.FollowUps, actual.TicketsFollowedUp));
        Assert.Equal(Sorted(expected.Channels), Sorted(actual.Channels));
        Close(expected.ResponseMedianHours, actual.ResponseMedianHours, "response median " + where);
        Close(expected.ResponseP90Hours, actual.ResponseP90Hours, "response p90 " + where);
        Close(expected.ResolutionMedianHours, actual.ResolutionMedianHours, "resolution median " + where);
        Close(expected.ResolutionP90Hours, actual.ResolutionP90Hours, "resolution p90 " + where);
        Close(expected.AgencyHeldMedianHours, actual.AgencyHeldMedianHours, "agency median " + where);
    }

    private static List<KeyValuePair<string, int>> Sorted(IReadOnlyDictionary<string, int> counts) =>
        [.. counts.Where(c => c.Value != 0).OrderBy(c => c.Key, StringComparer.Ordinal)];

    private static void Close(double? expected, double? actual, string what)
    {
        Assert.True(expected is null == actual is null, $"{what}: {expected} vs {actual}");
        if (expected is { } e)
        {
            Assert.True(Math.Abs(e - actual!.Value) <= Tolerance(e), $"{what}: {e} vs {actual}");
        }
    }

    /// <summary>A bucket's width at the value (in hours), twice over for a value interpolated between two buckets.</summary>
    private static double Tolerance(double hours) => 2.0 * WorkingHistogram.Width(WorkingHistogram.Bucket(WorkingHistogram.Minutes(hours) + 60)) / 60;

    /// <summary>A few hundred tickets received over five months before <paramref name="now"/>, written as the workflow leaves them.</summary>
    private async Task<List<long>> SeedHistoryAsync(DateTimeOffset now, int count = 420)
    {
        var random = new Random(1405);
        var calendar = _host.Bot.Service<WorkingCalendar>();
        await using var db = _host.Bot.CreateDbContext();
        var categories = await db.Categories.OrderBy(c => c.Id).ToListAsync();
        var districts = await db.Districts.OrderBy(d => d.Id).Select(d => (int?)d.Id).ToListAsync();
        districts.Add(null);
        var agency = new OutsideAgency { NameFa = "آب و فاضلاب", NameEn = "Water Company", IsActive = true };
        db.OutsideAgencies.Add(agency);
        var citizen = new Citizen { Channel = "telegram", ExternalUserId = "daily-1", Language = "fa", CreatedAt = now.AddYears(-1) };
        db.Citizens.Add(citizen);
        await db.SaveChangesAsync();

        string[] channels = ["telegram", "bale", "webchat", "phone"];
        TicketStatus[] statuses = [TicketStatus.New, TicketStatus.Referred, TicketStatus.InProgress, TicketStatus.Resolved, TicketStatus.Closed, TicketStatus.Closed, TicketStatus.Rejected, TicketStatus.Duplicate];
        var tickets = new List<Ticket>();
        for (var i = 0; i < count; i++)
        {
            var created = now.AddMinutes(-random.Next(1, 150 * 24 * 60));
            var category = categories[random.Next(categories.Count)];
            var status = statuses[random.Next(statuses.Length)];
            var finished = status is TicketStatus.Resolved or TicketStatus.Closed or TicketStatus.Rejected or TicketStatus.Duplicate;
            var answered = random.NextDouble() < (finished ? 0.9 : 0.4) ? created.AddMinutes(random.Next(5, 60 * 60)) : (DateTimeOffset?)null;
            var ended = finished ? created.AddMinutes(random.Next(30, 40 * 24 * 60)) : (DateTimeOffset?)null;
            if (answered > now)
            {
                answered = null;
            }

            if (ended > now)
            {
                ended = now.AddMinutes(-1);
            }

            var ticket = new Ticket
            {
                TrackingCode = $"DF{i:D6}",
                CitizenId = citizen.Id,
                CategoryId = category.Id,
                DistrictId = districts[random.Next(districts.Count)],
                Description = "چراغ کوچه خاموش است " + i,
                Status = status,
                Kind = (TicketKind)random.Next(4),
                Channel = channels[random.Next(channels.Length)],
                CreatedAt = created,
                UpdatedAt = ended ?? answered ?? created,
                FirstResponseAt = answered,
                ResponseDueAt = random.NextDouble() < 0.95 ? calendar.AddWorkingHours(created, category.ResponseHours > 0 ? category.ResponseHours : 8) : null,
                ResolutionDueAt = random.NextDouble() < 0.95 ? calendar.AddWorkingHours(created, category.ResolutionHours > 0 ? category.ResolutionHours : 72) : null,
                ResolvedAt = status is TicketStatus.Resolved || (status is TicketStatus.Closed && random.NextDouble() < 0.7) ? ended : null,
                ClosedAt = status is TicketStatus.Closed or TicketStatus.Rejected or TicketStatus.Duplicate && random.NextDouble() < 0.9 ? ended : null,
                Satisfaction = finished && random.NextDouble() < 0.4 ? random.Next(1, 6) : null,
                Department = random.NextDouble() < 0.1 ? "Roads" : null,
            };
            ticket.Events.Add(Event(TicketEventKind.StatusChange, created, to: TicketStatus.New));
            if (random.NextDouble() < 0.15 && ended is { } reopenedAt)
            {
                ticket.Events.Add(Event(TicketEventKind.StatusChange, reopenedAt.AddMinutes(-5), from: TicketStatus.Resolved, to: TicketStatus.InProgress));
            }

            for (var f = random.Next(-2, 4); f > 0; f--)
            {
                var at = created.AddMinutes(random.Next(1, 3000));
                ticket.Events.Add(random.Next(3) switch
                {
                    0 => Event(TicketEventKind.FollowUp, at, value: FollowUpWays.Status),
                    1 => Event(TicketEventKind.FollowUp, at, value: FollowUpWays.Phone),
                    _ => Event(TicketEventKind.CitizenMessage, at, text: "هنوز درست نشده"),
                });
            }

            if (random.NextDouble() < 0.1)
            {
                ticket.Events.Add(Event(TicketEventKind.AgencyReferred, created.AddHours(2), value: agency.Id + "|ref"));
            }

            tickets.Add(ticket);
        }

        db.Tickets.AddRange(tickets);
        foreach (var ticket in tickets.Where(t => t.Events.Any(e => e.Kind == TicketEventKind.AgencyReferred)))
        {
            db.Entry(ticket).Property(t => t.AgencyHeldFor).CurrentValue = TimeSpan.FromMinutes(random.Next(30, 5000));
        }

        await db.SaveChangesAsync();
        return [.. tickets.Select(t => t.Id)];
    }

    private static TicketEvent Event(TicketEventKind kind, DateTimeOffset at, TicketStatus? from = null, TicketStatus? to = null, string? value = null, string? text = null) =>
        new() { Kind = kind, Author = "seed", ActorKind = ActorKind.System, CreatedAt = at, FromStatus = from, ToStatus = to, ToValue = value, Text = text };
}
