using System.Globalization;
using System.Text.RegularExpressions;
using ChatIntake.Data;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;
using ChatIntake.Staff;
using ChatIntake.Statistics;
using ChatIntake.Tests.Admin;
using ChatIntake.Tests.Infrastructure;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Statistics;

/// <summary>
/// A hand-made week with known answers, built through the bot and the workflow on the test clock: Wednesday 1405/11/21
/// (2027-02-10) 14:00, then Thursday 1405/11/22 is a holiday and Friday the weekend, so working hours jump to Saturday.
/// </summary>
public sealed partial class DashboardStatisticsTests : IAsyncLifetime
{
    private static readonly TimeZoneInfo Tehran = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran");
    private readonly AdminHost _host = AdminHost.WithClock(new Dictionary<string, string?> { ["FollowUps:Interval"] = "01:00:00" });

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    private static DateTimeOffset Local(int month, int day, int hour) => StatisticsPeriod.At(new DateTime(2027, month, day, hour, 0, 0), Tehran);

    private const string Week = "period=custom&from=2027-02-06&to=2027-02-12";

    [Fact]
    public async Task Figures_of_a_hand_made_week_have_the_known_answers_and_each_supervisor_sees_only_their_district()
    {
        Assert.Equal(DayOfWeek.Thursday, Local(2, 11, 0).DayOfWeek);
        Assert.False(_host.Bot.Service<WorkingCalendar>().IsWorkingDay(Local(2, 11, 10)));
        var t = await BuildWeekAsync();

        await using (var db = _host.Bot.CreateDbContext())
        {
            var admin = await db.Staff.SingleAsync(s => s.UserName == "admin");
            var period = StatisticsPeriod.Between(new DateTime(2027, 2, 6), new DateTime(2027, 2, 12), Tehran);
            var dashboard = await _host.Bot.Service<TicketStatistics>().DashboardAsync(TicketStatistics.Scope(db, admin, StatisticsFilter.None), period, Local(2, 20, 10), default);
            var f = dashboard.Current;
            Assert.Equal(4, f.Received);
            Assert.Equal(1, f.Backlog);
            Assert.Equal([0, 0, 0, 1, 0], f.BacklogAges);
            // First responses: C 2 h (its referral), B 3 h, A 4 h; Thursday's holiday and Friday count nothing.
            Assert.Equal(3, f.ResponseMedianHours!.Value, 1);
            Assert.Equal(3.8, f.ResponseP90Hours!.Value, 1);
            // Resolutions: A 6 h, C 14 h less the agency's 8 h, B 14 h (after its reopening).
            Assert.Equal(6, f.ResolutionMedianHours!.Value, 1);
            Assert.Equal(12.4, f.ResolutionP90Hours!.Value, 1);
            Assert.Equal(8, f.AgencyHeldMedianHours!.Value, 1);
            // D (waste) was never answered: the one miss of each target.
            Assert.Equal(0.75, f.ResponseWithinTarget);
            Assert.Equal(0.75, f.ResolutionWithinTarget);
            Assert.Equal(0.25, f.ReopenRate);
            Assert.Equal(4.0, f.SatisfactionAverage);
            Assert.Equal([0, 0, 1, 0, 1], f.SatisfactionCounts);
            Assert.Equal((2, 2), (f.FollowUps, f.TicketsFollowedUp));
            Assert.Equal(1, dashboard.FollowUpsByWay[FollowUpWays.Status]);
            Assert.Equal(1, dashboard.FollowUpsByWay[FollowUpWays.Phone]);
            Assert.Equal(0, dashboard.Previous.Received);
            Assert.Equal(0, dashboard.Previous.Backlog);
        }

        using (var admin = await _host.SignInAsync("admin", AdminHost.AdminPassword))
        {
            var page = await admin.GetPageAsync("/admin/dashboard?" + Week);
            Assert.Equal("4", Figure(page, "dash.received"));
            var league = await admin.GetPageAsync("/admin/dashboard/league?" + Week);
            // District 3 had no tickets: it is ranked with nothing measured, not left out.
            var d3 = Regex.Match(league, "<tr data-row=\"منطقه ۳\">(.*?)</tr>", RegexOptions.Singleline);
            Assert.True(d3.Success, "District 3 is in the league");
            Assert.Contains("<td>۰</td>", d3.Groups[1].Value);
            Assert.Contains($"/admin?district={await _host.DistrictIdAsync("D1")}", league);
            Assert.Contains("class=\"city\"", league);
            var map = await admin.GetPageAsync("/admin/dashboard/map?by=target&" + Week);
            Assert.Contains("class=\"area b-none\"", map);
            Assert.Contains("<svg class=\"chart map\"", map);
        }

        var d2 = await _host.DistrictIdAsync("D2");
        await _host.CreateStaffAsync("dash-d2", StaffRole.Supervisor, districts: [d2]);
        using (var supervisor = await _host.SignInAsync("dash-d2"))
        {
            var page = await supervisor.GetPageAsync("/admin/dashboard?" + Week);
            Assert.Equal("1", Figure(page, "dash.received"));
            Assert.DoesNotContain(TrackingCode.Format(t.B), await supervisor.GetPageAsync("/admin/dashboard/week?week=2027-02-10"));
            var csv = await supervisor.Http.GetStringAsync("/admin/dashboard/league?handler=csv&table=districts&" + Week);
            Assert.Contains("منطقه ۲,1,", csv);
            Assert.Contains("منطقه ۱,0,", csv);
        }

        using var agent = await _host.SignInAsync(await AgentAsync());
        var refused = await agent.GetAsync("/admin/dashboard");
        Assert.Contains("/admin/denied", refused.Headers.Location?.OriginalString ?? "");
    }

    private async Task<string> AgentAsync()
    {
        await _host.CreateStaffAsync("dash-agent", StaffRole.Agent, districts: [await _host.DistrictIdAsync("D1")]);
        return "dash-agent";
    }

    [Fact]
    public async Task Weekly_cycle_on_a_week_whose_Thursday_is_a_holiday_needs_citizens_told_by_Wednesday()
    {
        var codes = new List<(long Id, string Code)>();
        foreach (var (chat, district) in new[] { ("wk-x", "D1"), ("wk-y", "D1"), ("wk-z", "D2") })
        {
            _host.Clock!.SetTo(Local(2, 7, 10));
            var (id, code, _) = await _host.FileTicketAsync(chat, district: district);
            codes.Add((id, code));
        }

        // Signed in again after each move of the clock: a session lasts eight hours.
        async Task PostAsync(DateTimeOffset at, long id, string handler, Dictionary<string, string> fields)
        {
            _host.Clock!.SetTo(at);
            using var admin = await _host.SignInAsync("admin", AdminHost.AdminPassword);
            var response = await admin.PostFormAsync($"/admin/tickets/{id}?handler={handler}", fields, $"/admin/tickets/{id}");
            Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        }

        await PostAsync(Local(2, 8, 10), codes[0].Id, "fieldVisit", new() { ["Text"] = "تیر چراغ آسیب دیده است" });
        await PostAsync(Local(2, 10, 10), codes[0].Id, "status", new() { ["status"] = "Resolved" });
        // Thursday is the holiday: a reply then is after the deadline.
        await PostAsync(Local(2, 11, 9), codes[1].Id, "reply", new() { ["Text"] = "در دست بررسی است." });

        _host.Clock!.SetTo(Local(2, 13, 10));
        await using (var db = _host.Bot.CreateDbContext())
        {
            var admin = await db.Staff.SingleAsync(s => s.UserName == "admin");
            var report = await _host.Bot.Service<WeeklyCycle>().ReportAsync(TicketStatistics.Scope(db, admin, StatisticsFilter.None), new DateTime(2027, 2, 9), Local(2, 13, 10), default);
            Assert.Equal(new DateTime(2027, 2, 6), report.Saturday);
            Assert.Equal(Local(2, 11, 0), report.Deadline);
            Assert.False(report.Days.Single(d => d.Day.DayOfWeek == DayOfWeek.Thursday).Working);
            Assert.Equal((3, 1, 1, 1), (report.Collected, report.Visited, report.Decided, report.NotifiedInTime));
            Assert.Equal(new[] { codes[1].Code, codes[2].Code }.Order(), report.Misses.Select(m => m.TrackingCode).Order());
            var audit = await db.Audit.Where(a => a.TicketId == codes[0].Id).Select(a => a.Action).ToListAsync();
            Assert.Contains("field-visit", audit);
            var visit = await db.TicketEvents.SingleAsync(e => e.TicketId == codes[0].Id && e.Kind == TicketEventKind.FieldVisit);
            Assert.Equal(ActorKind.Staff, visit.ActorKind);
        }

        using var client = await _host.SignInAsync("admin", AdminHost.AdminPassword);
        var page = await client.GetPageAsync("/admin/dashboard/week?week=1405/11/20");
        Assert.Equal(2, Regex.Matches(page, "data-missed=\"true\"").Count);
        Assert.Contains("class=\"holiday\"", page);
    }

    [Fact]
    public async Task Csv_round_trips_Persian_text_with_both_dates_and_neutralises_formulas()
    {
        var export = _host.Bot.Service<CsvExport>();
        var at = Local(2, 10, 14);
        var rows = new[] { ("چراغ خیابان ولیعصر خاموش است", "=HYPERLINK(\"http://x\")", -5), ("+989121234567", "@SUM(A1)", 3), ("-سلام", "عادی، با ویرگول", 0) };
        using var stream = new MemoryStream();
        await export.WriteAsync(stream, [
            CsvColumn<(string A, string B, int N)>.Of("متن", r => r.A),
            CsvColumn<(string A, string B, int N)>.Of("=header", r => r.B),
            CsvColumn<(string A, string B, int N)>.Of("n", r => r.N),
            CsvColumn<(string A, string B, int N)>.Date("when", _ => at),
        ], rows, default);

        var bytes = stream.ToArray();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        using var reader = CsvHelper.CsvReader.Create(new MemoryStream(bytes), null, leaveOpen: false);
        var read = new List<string[]>();
        foreach (var row in reader)
        {
            read.Add(row.ToArray());
        }

        Assert.Equal(["متن", "'=header", "n", "when (Jalali)", "when (ISO 8601)"], reader.Headers!.ToArray());
        Assert.Equal(["چراغ خیابان ولیعصر خاموش است", "'=HYPERLINK(\"http://x\")", "-5", "1405/11/21 14:00", "2027-02-10T14:00:00+03:30"], read[0]);
        Assert.Equal(["'+989121234567", "'@SUM(A1)", "3"], read[1][..3]);
        Assert.Equal(["'-سلام", "عادی، با ویرگول", "0"], read[2][..3]);
    }

    private static string Figure(string page, string key)
    {
        var match = Regex.Match(page, $"<tr data-figure=\"{Regex.Escape(key)}\"><th>[^<]*</th><td class=\"now\">([^<]*)</td>");
        Assert.True(match.Success, $"figure {key} on the page");
        return PersianText.ToAsciiDigits(match.Groups[1].Value);
    }

    /// <summary>Four reports filed Wednesday 14:00, worked through Saturday and Sunday (see the expected figures above).</summary>
    private async Task<(string A, string B, string C, string D)> BuildWeekAsync()
    {
        var workflow = _host.Bot.Service<TicketWorkflow>();
        int agencyId;
        using (var adminClient = await _host.SignInAsync("admin", AdminHost.AdminPassword))
        {
            await adminClient.PostFormAsync("/admin/settings/agencies?handler=save",
                new() { ["nameFa"] = "شرکت توزیع برق", ["nameEn"] = "Power Distribution", ["contact"] = "", ["isActive"] = "true" }, "/admin/settings/agencies");
        }

        await using (var db = _host.Bot.CreateDbContext())
        {
            agencyId = await db.OutsideAgencies.Where(a => a.NameEn == "Power Distribution").Select(a => a.Id).SingleAsync();
        }

        var filed = new List<(long Id, string Code, CitizenDriver Citizen)>();
        foreach (var (chat, district, waste) in new[] { ("st-a", "D1", false), ("st-b", "D1", false), ("st-c", "D2", false), ("st-d", "D1", true) })
        {
            _host.Clock!.SetTo(Local(2, 10, 14));
            filed.Add(await _host.FileTicketAsync(chat, district: district, waste: waste));
        }

        var (a, b, c) = (filed[0], filed[1], filed[2]);
        _host.Clock!.SetTo(Local(2, 10, 15));
        await a.Citizen.SaysAsync("/status " + TrackingCode.Format(a.Code));

        async Task Do(long id, DateTimeOffset at, Func<IntakeDbContext, Ticket, TicketActor, Task<TicketChange?>> change)
        {
            await using var db = _host.Bot.CreateDbContext();
            var staff = await db.Staff.SingleAsync(s => s.UserName == "admin");
            var ticket = await db.Tickets.SingleAsync(x => x.Id == id);
            if (await change(db, ticket, TicketActor.Staff(staff)) is { } done)
            {
                await workflow.CommitAsync(db, default, done);
            }
            else
            {
                await db.SaveChangesAsync();
            }
        }

        OutsideAgency agency;
        await using (var db = _host.Bot.CreateDbContext())
        {
            agency = await db.OutsideAgencies.SingleAsync(x => x.Id == agencyId);
        }

        await Do(c.Id, Local(2, 13, 8), (db, t, by) => workflow.ReferToAgencyAsync(db, t, agency, "ب-۱۲", Local(2, 15, 0), by, Local(2, 13, 8), default)!);
        await Do(b.Id, Local(2, 13, 9), (db, t, by) => workflow.ChangeStatusAsync(db, t, TicketStatus.InProgress, by, null, Local(2, 13, 9), default)!);
        await Do(a.Id, Local(2, 13, 10), (db, t, by) => workflow.ReplyAsync(db, t, by, "گروه فردا اعزام می‌شود.", Local(2, 13, 10), default)!);
        await Do(a.Id, Local(2, 13, 12), (db, t, by) => workflow.ResolveAsync(db, t, by, null, Local(2, 13, 12), default)!);
        await Do(c.Id, Local(2, 14, 8), (db, t, by) => workflow.RecordAgencyAnswerAsync(db, t, "کابل تعویض شد.", by, Local(2, 14, 8), default)!);
        await Do(b.Id, Local(2, 14, 9), (db, t, by) => workflow.ResolveAsync(db, t, by, null, Local(2, 14, 9), default)!);
        await Do(b.Id, Local(2, 14, 10), (db, t, _) => workflow.ReopenAsync(db, t, TicketActor.Citizen(t.CitizenId), "not fixed", Local(2, 14, 10), default)!);
        await Do(b.Id, Local(2, 14, 11), (db, t, by) => Task.FromResult<TicketChange?>(workflow.LogCall(db, t, by, "تماس دوباره شهروند", Local(2, 14, 11))));
        await Do(b.Id, Local(2, 14, 12), (db, t, by) => workflow.ResolveAsync(db, t, by, null, Local(2, 14, 12), default)!);
        await Do(c.Id, Local(2, 14, 12), (db, t, by) => workflow.ResolveAsync(db, t, by, null, Local(2, 14, 12), default)!);
        await Do(a.Id, Local(2, 14, 13), (db, t, _) => { workflow.Rate(t, TicketActor.Citizen(t.CitizenId), 5, null, Local(2, 14, 13)); return Task.FromResult<TicketChange?>(null); });
        await Do(c.Id, Local(2, 14, 13), (db, t, _) => { workflow.Rate(t, TicketActor.Citizen(t.CitizenId), 3, null, Local(2, 14, 13)); return Task.FromResult<TicketChange?>(null); });
        _host.Clock.SetTo(Local(2, 20, 10));
        return (a.Code, b.Code, c.Code, filed[3].Code);
    }
}
