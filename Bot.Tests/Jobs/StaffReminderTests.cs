using System.Text.RegularExpressions;
using ChatIntake.Admin.Staff;
using ChatIntake.Staff;
using ChatIntake.Jobs;
using ChatIntake.Tests.Admin;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Jobs;

/// <summary>Staff link their messenger chat from the panel; reminders and escalations reach them there, once each.</summary>
public sealed partial class StaffReminderTests : IAsyncLifetime
{
    private readonly AdminHost _host = AdminHost.WithClock(new Dictionary<string, string?> { ["FollowUps:Interval"] = "01:00:00" });

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    private OffsetClock Clock => _host.Clock!;

    [Fact]
    public async Task The_assignee_is_reminded_at_three_quarters_of_the_time_and_supervisors_told_when_it_passes_once_each()
    {
        var d1 = await _host.DistrictIdAsync("D1");
        await _host.CreateStaffAsync("rem-agent", StaffRole.Agent, districts: [d1]);
        await _host.CreateStaffAsync("rem-super", StaffRole.Supervisor, districts: [d1]);
        await _host.CreateStaffAsync("rem-other", StaffRole.Supervisor, districts: [await _host.DistrictIdAsync("D2")]);
        var agentChat = await LinkAsync("rem-agent", "staff-agent", "fa");
        var supervisorChat = await LinkAsync("rem-super", "staff-super", "en");
        var otherChat = await LinkAsync("rem-other", "staff-other", "en");

        var (id, code, _) = await _host.FileTicketAsync("rem-citizen", district: "D1");
        using (var agent = await _host.SignInAsync("rem-agent"))
        {
            var me = await _host.Bot.CreateDbContext().Staff.SingleAsync(s => s.UserName == "rem-agent");
            await agent.PostFormAsync($"/admin/tickets/{id}?handler=assign", new() { ["assignee"] = me.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }, $"/admin/tickets/{id}");
            await agent.PostFormAsync($"/admin/tickets/{id}?handler=status", new() { ["status"] = "InProgress" }, $"/admin/tickets/{id}");
        }

        var sweep = _host.Bot.Service<FollowUpSweep>();
        Assert.Equal(0, (await sweep.RunAsync(default)).StaffReminded);

        // Lighting: 72 working hours. Just past three quarters of them:
        await using (var db = _host.Bot.CreateDbContext())
        {
            var due = (await db.Tickets.SingleAsync(t => t.Id == id)).ResolutionDueAt!.Value;
            var calendar = _host.Bot.Service<ChatIntake.Tickets.WorkingCalendar>();
            while (calendar.WorkingTimeBetween(Clock.GetUtcNow(), due) > TimeSpan.FromHours(18))
            {
                Clock.Advance(TimeSpan.FromHours(1));
            }
        }

        Assert.Equal(1, (await sweep.RunAsync(default)).StaffReminded);
        Assert.Equal(0, (await sweep.RunAsync(default)).StaffReminded);
        await WaitForAsync(agentChat.ChatId, "سه‌چهارم");
        Assert.DoesNotContain(_host.Bot.Channel.DeliveredTo(supervisorChat.ChatId), a => a.Text!.Contains("⏰", StringComparison.Ordinal));

        Clock.Advance(TimeSpan.FromDays(7));
        var counts = await sweep.RunAsync(default);
        Assert.Equal(1, counts.Escalated);
        Assert.Equal(0, (await sweep.RunAsync(default)).Escalated);
        var escalation = await WaitForAsync(supervisorChat.ChatId, "passed its due time");
        Assert.Contains(ChatIntake.Dialogs.Intake.TrackingCode.Format(code), escalation);
        Assert.DoesNotContain(_host.Bot.Channel.DeliveredTo(otherChat.ChatId), a => a.Text!.Contains("🚨", StringComparison.Ordinal));

        await using var check = _host.Bot.CreateDbContext();
        var events = await check.TicketEvents.Where(e => e.TicketId == id && e.Kind == ChatIntake.Tickets.TicketEventKind.SystemMessage).Select(e => e.Text).ToListAsync();
        Assert.Contains(events, e => e!.StartsWith("75% of the resolution time used", StringComparison.Ordinal));
        Assert.Contains(events, e => e!.StartsWith("resolution time passed: supervisors told", StringComparison.Ordinal) && e.Contains("rem-super", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_ticket_nobody_takes_up_reminds_the_supervisors_before_its_response_time_and_tells_them_when_it_passes()
    {
        await _host.CreateStaffAsync("resp-super", StaffRole.Supervisor, districts: [await _host.DistrictIdAsync("D2")]);
        var supervisorChat = await LinkAsync("resp-super", "staff-resp", "en");
        var (id, _, _) = await _host.FileTicketAsync("resp-citizen", district: "D2");
        var sweep = _host.Bot.Service<FollowUpSweep>();

        // Lighting: a response within 12 working hours.
        await using (var db = _host.Bot.CreateDbContext())
        {
            var due = (await db.Tickets.SingleAsync(t => t.Id == id)).ResponseDueAt!.Value;
            var calendar = _host.Bot.Service<ChatIntake.Tickets.WorkingCalendar>();
            while (calendar.WorkingTimeBetween(Clock.GetUtcNow(), due) > TimeSpan.FromHours(3))
            {
                Clock.Advance(TimeSpan.FromMinutes(30));
            }
        }

        Assert.Equal(1, (await sweep.RunAsync(default)).StaffReminded);
        await WaitForAsync(supervisorChat.ChatId, "three quarters of its response time");
        Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, (await sweep.RunAsync(default)).Escalated);
        Assert.Equal(0, (await sweep.RunAsync(default)).Escalated);
        await WaitForAsync(supervisorChat.ChatId, "was not taken up by");
    }

    [Fact]
    public async Task Supervisors_get_the_daily_digest_of_their_scope_once_a_day_and_see_it_in_the_panel()
    {
        await _host.CreateStaffAsync("dig-super", StaffRole.Supervisor, districts: [await _host.DistrictIdAsync("D1")]);
        var chat = await LinkAsync("dig-super", "staff-digest", "en");
        await _host.FileTicketAsync("dig-a", district: "D1");
        await _host.FileTicketAsync("dig-b", district: "D1");
        await _host.FileTicketAsync("dig-c", district: "D2");
        var digest = _host.Bot.Service<DailyDigest>();

        Assert.Equal(1, await digest.SendAsync(default));
        Assert.Equal(0, await digest.SendAsync(default));
        Assert.Contains(": 2 new, 0 overdue, 0 reopened", await WaitForAsync(chat.ChatId, "Daily digest"));

        using var supervisor = await _host.SignInAsync("dig-super");
        Assert.Contains("data-figure=\"new\">2<", await supervisor.GetPageAsync("/admin/digest"));
        var jobs = await _host.Bot.Service<ScheduleReport>().ListAsync(default);
        Assert.Equal("0 0 8 * * ?", Assert.Single(jobs, j => j.Job == DailyDigestJob.Key.ToString()).Schedule);

        Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(1, await digest.SendAsync(default));
    }

    [Fact]
    public async Task A_wrong_or_expired_link_code_links_nothing()
    {
        await _host.CreateStaffAsync("rem-late", StaffRole.Agent);
        var code = await LinkCodeAsync("rem-late");
        var chat = _host.Bot.Citizen("staff-late", "en");

        await chat.SaysAsync("/link WRONGCODE2");
        Assert.Contains("unknown or has expired", chat.LastText);
        Clock.Advance(TimeSpan.FromMinutes(16));
        await chat.SaysAsync("/link " + code);
        Assert.Contains("unknown or has expired", chat.LastText);

        await using var db = _host.Bot.CreateDbContext();
        Assert.Null((await db.Staff.SingleAsync(s => s.UserName == "rem-late")).LinkedCitizenId);
    }

    /// <summary>The staff member makes a code on their account page and sends it to the bot from their own chat.</summary>
    private async Task<CitizenDriver> LinkAsync(string userName, string chatId, string language)
    {
        var code = await LinkCodeAsync(userName);
        var chat = _host.Bot.Citizen(chatId, language);
        await chat.SaysAsync("/link " + code.ToLowerInvariant());
        Assert.Contains(language == "fa" ? "انجام شد" : "Done", chat.LastText);
        using var staff = await _host.SignInAsync(userName);
        Assert.Contains("data-linked=\"test\"", await staff.GetPageAsync("/admin/account"));
        return chat;
    }

    private async Task<string> LinkCodeAsync(string userName)
    {
        using var staff = await _host.SignInAsync(userName);
        await staff.PostFormAsync("/admin/account?handler=link", [], "/admin/account");
        return LinkCode().Match(await staff.GetPageAsync("/admin/account")).Groups[1].Value;
    }

    private async Task<string> WaitForAsync(string chatId, string text)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _host.Bot.WaitForOutboxAsync(chatId, cancel.Token);
        return _host.Bot.Channel.DeliveredTo(chatId).Last(a => a.Text?.Contains(text, StringComparison.Ordinal) == true).Text!;
    }

    [GeneratedRegex(@"/link ([2-9A-Z]{10})")]
    private static partial Regex LinkCode();
}
