using System.Text.RegularExpressions;
using ChatIntake.Staff;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Jobs;
using ChatIntake.Outbox;
using ChatIntake.Tests.Admin;
using ChatIntake.Tests.Dialogs;
using ChatIntake.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace ChatIntake.Tests.Jobs;

/// <summary>Quartz keeps its schedule in the product's database: what fell due while the service was down is done after a restart, once.</summary>
public sealed partial class ScheduledJobRestartTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Admin:InitialPassword"] = AdminHost.AdminPassword,
        ["FollowUps:SurveyAfter"] = "00:00:05",
        ["FollowUps:Interval"] = "00:00:01",
    };

    [Fact]
    public async Task A_follow_up_due_while_the_service_was_down_is_sent_once_after_it_starts_again()
    {
        using var database = new TestDatabaseFile();
        long ticketId;
        await using (var first = new BotApplicationFactory(database.Path, Settings))
        {
            var citizen = first.Citizen("restart-1", "en");
            await citizen.FilesReportAsync();
            await using var db = first.CreateDbContext();
            ticketId = (await db.Tickets.SingleAsync()).Id;
            using var staff = new StaffClient(first.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }));
            await staff.PostFormAsync("/admin/login", new() { ["userName"] = "admin", ["password"] = AdminHost.AdminPassword });
            await staff.PostFormAsync($"/admin/tickets/{ticketId}?handler=status", new() { ["status"] = "Resolved" }, $"/admin/tickets/{ticketId}");
            Assert.Equal(TicketStatus.Resolved, (await db.Tickets.AsNoTracking().SingleAsync()).Status);
        }

        // Stopped within the five seconds before the survey was due; the next start finds it due and sends it.
        await using var second = new BotApplicationFactory(database.Path, Settings);
        var restartedAt = second.Clock.GetUtcNow();
        _ = second.Services;
        await second.Citizen("restart-1", "en").ReceivesAsync("Is the problem fixed?");

        // More runs, done here rather than waited for: still one survey.
        var sweep = second.Service<FollowUpSweep>();
        Assert.Equal(0, (await sweep.RunAsync(default)).Surveys);
        Assert.Equal(0, (await sweep.RunAsync(default)).Surveys);
        await using var check = second.CreateDbContext();
        Assert.Single(await check.Outbox.AsNoTracking().Where(m => m.TicketId == ticketId && m.Payload.Contains("survey:")).ToListAsync());
        Assert.Single(second.Channel.DeliveredTo("restart-1"), a => a.Text?.Contains("Is the problem fixed?", StringComparison.Ordinal) == true);
        // The channel has the message before the dispatcher's mark reaches the database.
        await Eventually.UntilAsync(
            () => check.Outbox.AsNoTracking().Where(m => m.TicketId == ticketId && m.Payload.Contains("survey:")).Select(m => m.State).SingleAsync(),
            state => state == OutboxState.Sent,
            "the survey marked sent");
        Assert.True((await check.Tickets.AsNoTracking().SingleAsync()).SurveySentAt >= restartedAt, "the survey was sent before the restart");
    }

    [Fact]
    public async Task Every_job_asks_to_be_run_again_when_the_instance_running_it_dies()
    {
        await using var bot = new BotApplicationFactory(settings: Settings);
        var scheduler = await bot.Service<ISchedulerFactory>().GetScheduler();
        var keys = await scheduler.GetJobKeys(GroupMatcher<JobKey>.AnyGroup());
        Assert.True(keys.Count >= 4, $"the product's jobs: {string.Join(", ", keys)}");
        foreach (var key in keys)
        {
            Assert.True((await scheduler.GetJobDetail(key))!.RequestsRecovery, $"{key} does not ask for recovery");
        }
    }

    [Fact]
    public async Task A_trigger_scheduled_before_a_restart_is_still_scheduled_after_it()
    {
        using var database = new TestDatabaseFile();
        var key = new TriggerKey("kept-across-restart", "tests");
        DateTimeOffset due;
        await using (var first = new BotApplicationFactory(database.Path))
        {
            var scheduler = await first.Service<ISchedulerFactory>().GetScheduler();
            due = first.Clock.GetUtcNow().AddDays(2);
            await scheduler.ScheduleJob(TriggerBuilder.Create().WithIdentity(key).ForJob(FollowUpJob.Key).StartAt(due).Build());
        }

        await using var second = new BotApplicationFactory(database.Path);
        var restarted = await second.Service<ISchedulerFactory>().GetScheduler();
        var kept = await restarted.GetTrigger(key);

        Assert.True(kept is not null, "the trigger scheduled before the restart is gone: the schedule is not kept in the database");
        Assert.Equal(due.ToUnixTimeSeconds(), kept!.StartTimeUtc.ToUnixTimeSeconds());
        Assert.Equal(FollowUpJob.Key, kept.JobKey);
    }

    [Fact]
    public async Task A_digest_whose_time_passed_while_the_service_was_down_is_sent_once_after_it_starts_again()
    {
        using var database = new TestDatabaseFile();
        var settings = new Dictionary<string, string?> { ["FollowUps:DigestAt"] = "03:17" };
        var first = new AdminHost(browser: false, settings, databaseFile: database.Path);
        // The host's clock moved forward to 03:00 in the city, before the digest time.
        var toThree = UntilLocal(first.Bot.Clock, new TimeOnly(3, 0));
        try
        {
            first.Bot.Clock.Advance(toThree);
            await first.InitializeAsync();
            await first.CreateStaffAsync("missed-digest", StaffRole.Supervisor);
            using (var staff = await first.SignInAsync("missed-digest"))
            {
                await staff.PostFormAsync("/admin/account?handler=link", [], "/admin/account");
                var code = LinkCode().Match(await staff.GetPageAsync("/admin/account")).Groups[1].Value;
                var chat = first.Bot.Citizen("missed-digest-chat", "en");
                await chat.SaysAsync("/link " + code);
                Assert.Contains("Done", chat.LastText);
            }

            Assert.False(first.Bot.Service<DailyDigest>().DueToday());
            Assert.DoesNotContain(first.Bot.Channel.DeliveredTo("missed-digest-chat"), a => a.Text?.Contains("Daily digest", StringComparison.Ordinal) == true);
        }
        finally
        {
            await first.DisposeAsync();
        }

        // Down over 03:17; started again at 04:00 the same day.
        var second = new AdminHost(browser: false, settings, databaseFile: database.Path);
        try
        {
            second.Bot.Clock.Advance(toThree + TimeSpan.FromHours(1));
            await second.InitializeAsync();
            await second.Bot.Citizen("missed-digest-chat", "en").ReceivesAsync("Daily digest");

            Assert.Equal(0, await second.Bot.Service<DailyDigest>().SendAsync(default));
            Assert.Single(second.Bot.Channel.DeliveredTo("missed-digest-chat"), a => a.Text?.Contains("Daily digest", StringComparison.Ordinal) == true);
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    /// <summary>How far the clock must move forward to read <paramref name="at"/> in the city's time zone.</summary>
    private static TimeSpan UntilLocal(TimeProvider clock, TimeOnly at)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(new IntakeOptions().TimeZone);
        var now = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone);
        var ahead = at.ToTimeSpan() - now.TimeOfDay;
        return ahead > TimeSpan.Zero ? ahead : ahead + TimeSpan.FromDays(1);
    }

    [GeneratedRegex(@"/link ([2-9A-Z]{10})")]
    private static partial Regex LinkCode();
}
