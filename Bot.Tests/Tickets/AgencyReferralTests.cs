using System.Globalization;
using ChatIntake.Admin.Texts;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;
using ChatIntake.Jobs;
using ChatIntake.Staff;
using ChatIntake.Tests.Admin;
using ChatIntake.Tests.Infrastructure;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Tickets;

/// <summary>
/// A ticket referred to an outside agency: the municipality's clock pauses in working hours and resumes where it stopped,
/// nothing is overdue meanwhile, staff are reminded once to chase a late agency, and the citizen hears each step.
/// </summary>
public sealed partial class AgencyReferralTests : IAsyncLifetime
{
    private static readonly PersianCalendar Jalali = new();
    private readonly AdminHost _host = AdminHost.WithClock(new Dictionary<string, string?> { ["FollowUps:Interval"] = "01:00:00" });

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    private OffsetClock Clock => _host.Clock!;

    private WorkingCalendar Calendar => _host.Bot.Service<WorkingCalendar>();

    [Fact]
    public async Task Referral_pauses_the_resolution_clock_and_the_answer_moves_its_due_time_by_exactly_the_working_hours_held()
    {
        var tuesday = NextWorkingTuesday();
        MoveTo(LocalAt(tuesday, 9));
        var agencyId = await AddAgencyAsync("شرکت آب و فاضلاب", "Water and Wastewater Company", "۱۵۲۲");
        var (id, code, citizen) = await _host.FileTicketAsync("ag-pause", language: "fa");

        MoveTo(LocalAt(tuesday, 10));
        var wednesday = tuesday.AddDays(1);
        using (var admin = await SignInAdminAsync())
        {
            var referred = await admin.PostFormAsync($"/admin/tickets/{id}?handler=agency",
                new() { ["agency"] = Invariant(agencyId), ["AgencyReference"] = "آ-۴۴۱۲", ["AgencyExpected"] = JalaliTyped(wednesday) }, $"/admin/tickets/{id}");
            Assert.Equal(System.Net.HttpStatusCode.Redirect, referred.StatusCode);
        }

        DateTimeOffset dueBefore, since;
        await using (var db = _host.Bot.CreateDbContext())
        {
            var held = await db.Tickets.SingleAsync(t => t.Id == id);
            Assert.Equal(agencyId, held.AgencyId);
            Assert.Equal("آ-۴۴۱۲", held.AgencyReference);
            Assert.Equal(LocalAt(wednesday, 0), held.AgencyExpectedAt);
            since = held.AgencySince!.Value;
            Assert.InRange(since - LocalAt(tuesday, 10), TimeSpan.Zero, TimeSpan.FromSeconds(30));
            Assert.NotNull(held.FirstResponseAt);
            dueBefore = held.ResolutionDueAt!.Value;
        }

        var told = await WaitForAsync(citizen.ChatId, "شرکت آب و فاضلاب");
        Assert.Contains(TrackingCode.Format(code), told.Replace('\u2011', '-')); // Persian shows a non-breaking hyphen
        Assert.Contains(JalaliDate.Format(LocalAt(wednesday, 0), Calendar.Zone, IntakeCultures.Persian, withTime: false), told);
        Assert.Contains("آ-۴۴۱۲", told);

        MoveTo(LocalAt(wednesday, 10));
        using (var admin = await SignInAdminAsync())
        {
            var answered = await admin.PostFormAsync($"/admin/tickets/{id}?handler=agencyAnswer",
                new() { ["Text"] = "لوله اصلی تعمیر شد؛ آسفالت با شهرداری." }, $"/admin/tickets/{id}");
            Assert.Equal(System.Net.HttpStatusCode.Redirect, answered.StatusCode);
        }

        await using (var db = _host.Bot.CreateDbContext())
        {
            var back = await db.Tickets.SingleAsync(t => t.Id == id);
            Assert.Null(back.AgencySince);
            Assert.Null(back.AgencyId);
            // Tuesday 10:00–16:00 and Wednesday 08:00–10:00: eight working hours, give or take the seconds the requests took.
            Assert.InRange(back.AgencyHeldFor, TimeSpan.FromHours(8) - TimeSpan.FromMinutes(1), TimeSpan.FromHours(8) + TimeSpan.FromMinutes(1));
            var dueAfter = back.ResolutionDueAt!.Value;
            Assert.InRange(Calendar.WorkingTimeBetween(dueBefore, dueAfter) - back.AgencyHeldFor, TimeSpan.FromMilliseconds(-2), TimeSpan.FromMilliseconds(2));
            Assert.InRange(dueAfter - Calendar.AddWorkingHours(dueBefore, back.AgencyHeldFor.TotalHours), TimeSpan.FromMilliseconds(-2), TimeSpan.FromMilliseconds(2));

            var events = await db.TicketEvents.Where(e => e.TicketId == id).OrderBy(e => e.Id).ToListAsync();
            var referral = Assert.Single(events, e => e.Kind == TicketEventKind.AgencyReferred);
            Assert.Equal(ActorKind.Staff, referral.ActorKind);
            Assert.Equal($"{agencyId}|{wednesday:yyyy-MM-dd}", referral.ToValue);
            var answer = Assert.Single(events, e => e.Kind == TicketEventKind.AgencyAnswered);
            Assert.Equal(ActorKind.Agency, answer.ActorKind);
            Assert.Equal(agencyId, answer.ActorId);
            Assert.Equal("لوله اصلی تعمیر شد؛ آسفالت با شهرداری.", answer.Text);
            Assert.NotNull(answer.OutboxMessageId);
            var audit = await db.Audit.Where(a => a.TicketId == id).Select(a => a.Action).ToListAsync();
            Assert.Contains("agency-refer", audit);
            Assert.Contains("agency-answer", audit);
        }

        var returned = await WaitForAsync(citizen.ChatId, "پاسخ داد");
        Assert.Contains("شرکت آب و فاضلاب", returned);
        Assert.Contains(TrackingCode.Format(code), returned.Replace('\u2011', '-'));
    }

    [Fact]
    public async Task Nothing_is_overdue_or_reminded_while_an_agency_holds_it_and_the_assignee_is_reminded_once_to_chase_a_late_agency()
    {
        var d1 = await _host.DistrictIdAsync("D1");
        await _host.CreateStaffAsync("ag-agent", StaffRole.Agent, districts: [d1]);
        await _host.CreateStaffAsync("ag-super", StaffRole.Supervisor, districts: [d1]);
        var agentChat = await LinkAsync("ag-agent", "staff-ag-agent", "fa");
        var supervisorChat = await LinkAsync("ag-super", "staff-ag-super", "en");
        var agencyId = await AddAgencyAsync("شرکت توزیع برق", "Power Distribution Company", null);
        var (id, code, _) = await _host.FileTicketAsync("ag-late", district: "D1");
        var expected = Today().AddDays(2);
        using (var agent = await _host.SignInAsync("ag-agent"))
        {
            await agent.PostFormAsync($"/admin/tickets/{id}?handler=assign", new() { ["assignee"] = "me" }, $"/admin/tickets/{id}");
            var referred = await agent.PostFormAsync($"/admin/tickets/{id}?handler=agency",
                new() { ["agency"] = Invariant(agencyId), ["AgencyExpected"] = expected.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, $"/admin/tickets/{id}");
            Assert.Equal(System.Net.HttpStatusCode.Redirect, referred.StatusCode);
        }

        var sweep = _host.Bot.Service<FollowUpSweep>();
        Assert.Equal(0, (await sweep.RunAsync(default)).AgenciesChased);

        // Far past both the resolution target (72 working hours) and the agency's day.
        Clock.Advance(TimeSpan.FromDays(40));
        var counts = await sweep.RunAsync(default);
        Assert.Equal((0, 0, 1), (counts.StaffReminded, counts.Escalated, counts.AgenciesChased));
        Assert.Equal(0, (await sweep.RunAsync(default)).AgenciesChased);
        Assert.False(await IsOverdueAsync(id));

        var chase = await WaitForAsync(agentChat.ChatId, "لطفاً پیگیری کنید");
        Assert.Contains("شرکت توزیع برق", chase);
        Assert.Contains(TrackingCode.Format(code), chase.Replace('\u2011', '-'));
        Assert.DoesNotContain(_host.Bot.Channel.DeliveredTo(supervisorChat.ChatId), a => a.Text!.Contains("📞", StringComparison.Ordinal));

        using (var agent = await _host.SignInAsync("ag-agent"))
        {
            var queue = await agent.GetPageAsync("/admin");
            Assert.Contains("data-agency>نزد شرکت توزیع برق<", queue);
            Assert.DoesNotContain($"class=\"overdue\" data-code=\"{code}\"", queue);
            var page = await agent.GetPageAsync($"/admin/tickets/{id}");
            Assert.Contains("data-clock=\"paused\"", page);
            Assert.DoesNotContain("badge overdue\">معوق<", page);

            var answered = await agent.PostFormAsync($"/admin/tickets/{id}?handler=agencyAnswer", new() { ["Text"] = "Cable replaced." }, $"/admin/tickets/{id}");
            Assert.Equal(System.Net.HttpStatusCode.Redirect, answered.StatusCode);
        }

        // The clock resumes where it stopped: the forty days held are not the municipality's.
        Assert.False(await IsOverdueAsync(id));

        // A new referral renews the chase mark: the next late day reminds again, once.
        using (var agent = await _host.SignInAsync("ag-agent"))
        {
            await agent.PostFormAsync($"/admin/tickets/{id}?handler=agency",
                new() { ["agency"] = Invariant(agencyId), ["AgencyExpected"] = JalaliTyped(Today()) }, $"/admin/tickets/{id}");
        }

        Assert.Equal(0, (await sweep.RunAsync(default)).AgenciesChased);
        Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, (await sweep.RunAsync(default)).AgenciesChased);
        Assert.Equal(0, (await sweep.RunAsync(default)).AgenciesChased);
    }

    [Fact]
    public async Task A_bad_or_past_expected_date_or_an_answer_with_no_agency_holding_it_is_refused_with_a_message_and_changes_nothing()
    {
        var agencyId = await AddAgencyAsync("شرکت گاز", "Gas Company", null);
        var (id, _, _) = await _host.FileTicketAsync("ag-bad");
        using var admin = await SignInAdminAsync();
        var url = $"/admin/tickets/{id}";

        var garbled = await admin.PostFormAsync(url + "?handler=agency", new() { ["agency"] = Invariant(agencyId), ["AgencyExpected"] = "next week", ["AgencyReference"] = "R-1" }, url);
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, garbled.StatusCode);
        var html = await garbled.Content.ReadAsStringAsync();
        Assert.Contains("تاریخ «next week» قابل فهم نبود", html);
        Assert.Contains("value=\"R-1\"", html);

        var past = await admin.PostFormAsync(url + "?handler=agency", new() { ["agency"] = Invariant(agencyId), ["AgencyExpected"] = JalaliTyped(Today().AddDays(-3)) }, url);
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, past.StatusCode);
        Assert.Contains(AdminStrings.All["error.agencyDatePast"].Fa, await past.Content.ReadAsStringAsync());

        var unknown = await admin.PostFormAsync(url + "?handler=agency", new() { ["agency"] = "99999", ["AgencyExpected"] = JalaliTyped(Today()) }, url);
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, unknown.StatusCode);

        var answer = await admin.PostFormAsync(url + "?handler=agencyAnswer", new() { ["Text"] = "Done." }, url);
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, answer.StatusCode);
        Assert.Contains(AdminStrings.All["error.agencyNotHeld"].Fa, await answer.Content.ReadAsStringAsync());

        await using var db = _host.Bot.CreateDbContext();
        var ticket = await db.Tickets.SingleAsync(t => t.Id == id);
        Assert.Null(ticket.AgencySince);
        Assert.DoesNotContain(await db.TicketEvents.Where(e => e.TicketId == id).Select(e => e.Kind).ToListAsync(),
            k => k is TicketEventKind.AgencyReferred or TicketEventKind.AgencyAnswered);
    }

    private async Task<int> AddAgencyAsync(string nameFa, string nameEn, string? contact)
    {
        using (var admin = await SignInAdminAsync())
        {
            var saved = await admin.PostFormAsync("/admin/settings/agencies?handler=save",
                new() { ["nameFa"] = nameFa, ["nameEn"] = nameEn, ["contact"] = contact ?? string.Empty, ["isActive"] = "true" }, "/admin/settings/agencies");
            Assert.Equal(System.Net.HttpStatusCode.Redirect, saved.StatusCode);
        }

        await using var db = _host.Bot.CreateDbContext();
        return await db.OutsideAgencies.Where(a => a.NameEn == nameEn).Select(a => a.Id).SingleAsync();
    }

    private Task<StaffClient> SignInAdminAsync() => _host.SignInAsync("admin", AdminHost.AdminPassword);

    private async Task<bool> IsOverdueAsync(long id)
    {
        await using var db = _host.Bot.CreateDbContext();
        return await db.Tickets.Where(t => t.Id == id).WhereOverdue(Clock.GetUtcNow()).AnyAsync();
    }

    /// <summary>Moves the hand-set clock to <paramref name="at"/> (it keeps flowing from there).</summary>
    private void MoveTo(DateTimeOffset at) => Clock.Advance(at - Clock.GetUtcNow());

    private DateTime Today() => TimeZoneInfo.ConvertTime(Clock.GetUtcNow(), Calendar.Zone).Date;

    private DateTimeOffset LocalAt(DateTime day, int hour)
    {
        var local = day.Date.AddHours(hour);
        return new DateTimeOffset(local, Calendar.Zone.GetUtcOffset(local));
    }

    /// <summary>The next Tuesday that is a working day followed by a working Wednesday (no Jalali holiday on either).</summary>
    private DateTime NextWorkingTuesday()
    {
        var today = Today();
        for (var day = today.AddDays(1); day <= today.AddDays(70); day = day.AddDays(1))
        {
            if (day.DayOfWeek == DayOfWeek.Tuesday && Calendar.IsWorkingDay(day) && Calendar.IsWorkingDay(day.AddDays(1)))
            {
                return day;
            }
        }

        throw new InvalidOperationException("No working Tuesday in ten weeks: check the calendar.");
    }

    /// <summary>A day as a Persian-speaking clerk types it: Jalali, in Persian digits.</summary>
    private static string JalaliTyped(DateTime day) =>
        PersianText.ToPersianDigits(string.Create(CultureInfo.InvariantCulture, $"{Jalali.GetYear(day)}/{Jalali.GetMonth(day):00}/{Jalali.GetDayOfMonth(day):00}"));

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private async Task<CitizenDriver> LinkAsync(string userName, string chatId, string language)
    {
        string code;
        using (var staff = await _host.SignInAsync(userName))
        {
            await staff.PostFormAsync("/admin/account?handler=link", [], "/admin/account");
            code = LinkCode().Match(await staff.GetPageAsync("/admin/account")).Groups[1].Value;
        }

        var chat = _host.Bot.Citizen(chatId, language);
        await chat.SaysAsync("/link " + code);
        Assert.Contains(language == "fa" ? "انجام شد" : "Done", chat.LastText);
        return chat;
    }

    private async Task<string> WaitForAsync(string chatId, string text)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _host.Bot.WaitForOutboxAsync(chatId, cancel.Token);
        return _host.Bot.Channel.DeliveredTo(chatId).Last(a => a.Text?.Contains(text, StringComparison.Ordinal) == true).Text!;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"/link ([2-9A-Z]{10})")]
    private static partial System.Text.RegularExpressions.Regex LinkCode();
}
