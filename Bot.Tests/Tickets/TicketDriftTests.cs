using System.Text.RegularExpressions;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Jobs;
using ChatIntake.Staff;
using ChatIntake.Tests.Admin;
using ChatIntake.Tests.Infrastructure;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Tickets;

/// <summary>
/// The rules that drifted while four places changed tickets: each is now the workflow's, and these prove the drift is gone
/// (each failed on the code before the workflow).
/// </summary>
public sealed partial class TicketDriftTests : IAsyncLifetime
{
    private readonly AdminHost _host = AdminHost.WithClock(new Dictionary<string, string?>
    {
        ["FollowUps:SurveyAfter"] = "1.00:00:00",
        ["FollowUps:AutoCloseAfter"] = "7.00:00:00",
        // The job's own schedule stays out of the way: these tests run the sweep themselves.
        ["FollowUps:Interval"] = "01:00:00",
    });

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    private OffsetClock Clock => _host.Clock!;

    private FollowUpSweep Sweep => _host.Bot.Service<FollowUpSweep>();

    [Fact]
    public async Task A_resolved_ticket_staff_move_back_to_new_is_reminded_and_escalated_again()
    {
        var (id, _, _) = await _host.FileTicketAsync("drift-renew");
        await AdvanceToThreeQuartersOfResponseAsync(id);
        Assert.Equal(1, (await Sweep.RunAsync(default)).StaffReminded);
        await AdvancePastResponseAsync(id);
        Assert.Equal(1, (await Sweep.RunAsync(default)).Escalated);

        await StatusAsync(id, "Resolved");
        await StatusAsync(id, "New");
        var renewed = await TicketAsync(id);
        Assert.True(renewed.ResponseDueAt > Clock.GetUtcNow());

        await AdvanceToThreeQuartersOfResponseAsync(id);
        Assert.Equal(1, (await Sweep.RunAsync(default)).StaffReminded);
        await AdvancePastResponseAsync(id);
        Assert.Equal(1, (await Sweep.RunAsync(default)).Escalated);
        Assert.Equal(0, (await Sweep.RunAsync(default)).Escalated);
    }

    [Fact]
    public async Task The_digest_counts_as_overdue_exactly_what_the_queue_shows_as_overdue()
    {
        var (lateToAnswer, _, _) = await _host.FileTicketAsync("drift-digest-new");
        var (taken, _, _) = await _host.FileTicketAsync("drift-digest-taken", waste: true);
        await StatusAsync(taken, "InProgress");

        // Past the lighting ticket's response target (12 working hours), within its resolution target (72).
        await AdvancePastResponseAsync(lateToAnswer);

        using var admin = await _host.SignInAsync("admin", AdminHost.AdminPassword);
        var queue = RowCode().Matches(await admin.GetPageAsync("/admin?overdue=true")).Select(m => m.Groups[1].Value).ToList();
        await using var db = _host.Bot.CreateDbContext();
        var reader = await db.Staff.AsNoTracking().SingleAsync(s => s.UserName == "admin");
        var digest = await _host.Bot.Service<DailyDigest>().ComputeAsync(db, reader, Clock.GetUtcNow(), default);

        Assert.NotEmpty(queue);
        Assert.Equal(queue.Count, digest.Overdue);
    }

    [Fact]
    public async Task Not_fixed_alerts_the_assignee_through_their_linked_chat()
    {
        await _host.CreateStaffAsync("drift-agent", StaffRole.Agent, districts: [await _host.DistrictIdAsync("D1")]);
        await _host.CreateStaffAsync("drift-lead", StaffRole.Supervisor, districts: [await _host.DistrictIdAsync("D1")]);
        var agentChat = await LinkAsync("drift-agent", "drift-agent-chat");
        var leadChat = await LinkAsync("drift-lead", "drift-lead-chat");
        var (id, code, citizen) = await _host.FileTicketAsync("drift-notfixed");
        using (var agent = await _host.SignInAsync("drift-agent"))
        {
            await agent.PostFormAsync($"/admin/tickets/{id}?handler=assign", new() { ["assignee"] = "me" }, $"/admin/tickets/{id}");
        }

        await AnswerNotFixedAsync(id, citizen);

        var alert = await WaitForAsync(agentChat.ChatId, "reopened by the citizen");
        Assert.Contains(TrackingCode.Format(code), alert);
        Assert.Contains("not fixed", alert);
        Assert.DoesNotContain(_host.Bot.Channel.DeliveredTo(leadChat.ChatId), a => a.Text?.Contains("🔁", StringComparison.Ordinal) == true);
        Assert.Contains((await TicketAsync(id)).Events, e => e.Text?.StartsWith("reopened by the citizen (not fixed): staff told — drift-agent", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Not_fixed_on_an_unassigned_ticket_alerts_the_supervisors_in_its_scope_only()
    {
        await _host.CreateStaffAsync("drift-d1", StaffRole.Supervisor, districts: [await _host.DistrictIdAsync("D1")]);
        await _host.CreateStaffAsync("drift-d2", StaffRole.Supervisor, districts: [await _host.DistrictIdAsync("D2")]);
        var inScope = await LinkAsync("drift-d1", "drift-d1-chat");
        var elsewhere = await LinkAsync("drift-d2", "drift-d2-chat");
        var (id, code, citizen) = await _host.FileTicketAsync("drift-unassigned", district: "D1");

        await AnswerNotFixedAsync(id, citizen);

        Assert.Contains(TrackingCode.Format(code), await WaitForAsync(inScope.ChatId, "reopened by the citizen"));
        Assert.DoesNotContain(_host.Bot.Channel.DeliveredTo(elsewhere.ChatId), a => a.Text?.Contains("🔁", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task A_follower_hears_the_citizens_reopening_and_the_auto_close()
    {
        var (id, code, citizen) = await _host.FileTicketAsync("drift-reporter");
        var follower = _host.Bot.Citizen("drift-follower", "en");
        await follower.SaysAsync("/help");
        await using (var db = _host.Bot.CreateDbContext())
        {
            var followerId = await db.Citizens.Where(c => c.ExternalUserId == "user-drift-follower").Select(c => c.Id).SingleAsync();
            db.TicketFollowers.Add(new TicketFollower { TicketId = id, CitizenId = followerId, CreatedAt = Clock.GetUtcNow() });
            await db.SaveChangesAsync();
        }

        // Other test classes edit the notice templates of this process's text catalog: the notices are told apart by count and code.
        await StatusAsync(id, "Resolved");
        var heard = (await DeliveredAsync(follower.ChatId)).Count;
        await citizen.SaysAsync("/reopen " + code);
        Assert.Contains("is open again", citizen.LastText);
        AssertFollowerNotice(Assert.Single((await DeliveredAsync(follower.ChatId)).Skip(heard)).Text, code);

        await StatusAsync(id, "Resolved");
        heard = (await DeliveredAsync(follower.ChatId)).Count;
        Clock.Advance(TimeSpan.FromDays(7.5));
        Assert.Equal(1, (await Sweep.RunAsync(default)).Closed);
        AssertFollowerNotice(Assert.Single((await DeliveredAsync(follower.ChatId)).Skip(heard)).Text, code);
        var closed = await TicketAsync(id);
        Assert.Equal(TicketStatus.Closed, closed.Status);

        // The citizen's reopening and the sweep's closing are in the audit trail beside the staff's actions.
        await using var check = _host.Bot.CreateDbContext();
        var audit = await check.Audit.Where(a => a.TicketId == id).Select(a => a.Action + " " + a.StaffName).ToListAsync();
        Assert.Contains($"reopen citizen:{closed.CitizenId}", audit);
        Assert.Contains("status system", audit);
    }

    private async Task AnswerNotFixedAsync(long id, CitizenDriver citizen)
    {
        await StatusAsync(id, "Resolved");
        Clock.Advance(TimeSpan.FromHours(25));
        Assert.Equal(1, (await Sweep.RunAsync(default)).Surveys);
        var survey = await WaitForActivityAsync(citizen.ChatId, "Is the problem fixed?");
        var pressed = await citizen.SendAsync(new Activity { Value = survey.SuggestedActions.Single(a => a.Title.Contains("Not fixed", StringComparison.Ordinal)).Value });
        Assert.Contains("is open again", string.Join("\n", pressed.Select(r => r.Text)));
        Assert.Equal(TicketStatus.InProgress, (await TicketAsync(id)).Status);
    }

    private async Task AdvanceToThreeQuartersOfResponseAsync(long id)
    {
        var due = (await TicketAsync(id)).ResponseDueAt!.Value;
        var calendar = _host.Bot.Service<WorkingCalendar>();
        // Lighting answers within 12 working hours: a quarter of them left is past the reminder's mark.
        for (var hours = 0; hours < 24 * 14 && calendar.WorkingTimeBetween(Clock.GetUtcNow(), due) > TimeSpan.FromHours(3); hours++)
        {
            Clock.Advance(TimeSpan.FromHours(1));
        }

        Assert.True(calendar.WorkingTimeBetween(Clock.GetUtcNow(), due) <= TimeSpan.FromHours(3));
    }

    private async Task AdvancePastResponseAsync(long id)
    {
        var due = (await TicketAsync(id)).ResponseDueAt!.Value;
        Clock.Advance(due - Clock.GetUtcNow() + TimeSpan.FromMinutes(5));
    }

    private async Task StatusAsync(long id, string status)
    {
        using var admin = await _host.SignInAsync("admin", AdminHost.AdminPassword);
        await admin.PostFormAsync($"/admin/tickets/{id}?handler=status", new() { ["status"] = status }, $"/admin/tickets/{id}");
        Assert.Equal(Enum.Parse<TicketStatus>(status), (await TicketAsync(id)).Status);
    }

    private async Task<Ticket> TicketAsync(long id)
    {
        await using var db = _host.Bot.CreateDbContext();
        return await db.Tickets.AsNoTracking().Include(t => t.Events).SingleAsync(t => t.Id == id);
    }

    private async Task<CitizenDriver> LinkAsync(string userName, string chatId)
    {
        string code;
        using (var staff = await _host.SignInAsync(userName))
        {
            await staff.PostFormAsync("/admin/account?handler=link", [], "/admin/account");
            code = LinkCode().Match(await staff.GetPageAsync("/admin/account")).Groups[1].Value;
        }

        var chat = _host.Bot.Citizen(chatId, "en");
        await chat.SaysAsync("/link " + code);
        Assert.Contains("Done", chat.LastText);
        return chat;
    }

    /// <summary>Everything delivered to the chat once nothing is pending for it.</summary>
    private async Task<IReadOnlyList<Activity>> DeliveredAsync(string chatId)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _host.Bot.WaitForOutboxAsync(chatId, cancel.Token);
        return _host.Bot.Channel.DeliveredTo(chatId);
    }

    private async Task<string> WaitForAsync(string chatId, string text) => (await WaitForActivityAsync(chatId, text)).Text!;

    private async Task<Activity> WaitForActivityAsync(string chatId, string text)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _host.Bot.WaitForOutboxAsync(chatId, cancel.Token);
        return _host.Bot.Channel.DeliveredTo(chatId).Last(a => a.Text?.Contains(text, StringComparison.Ordinal) == true);
    }

    [GeneratedRegex(@"/link ([2-9A-Z]{10})")]
    private static partial Regex LinkCode();

    [GeneratedRegex("<tr[^>]* data-code=\"([A-Z0-9]+)\"")]
    private static partial Regex RowCode();

    /// <summary>A follower hears about a stranger's report by its subject, never by its code.</summary>
    private static void AssertFollowerNotice(string? text, string code)
    {
        Assert.Contains("you follow", text, StringComparison.Ordinal);
        Assert.DoesNotContain(TrackingCode.Format(code), text, StringComparison.Ordinal);
    }
}
