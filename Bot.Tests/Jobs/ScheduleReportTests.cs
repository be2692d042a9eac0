using ChatIntake.Jobs;
using ChatIntake.Tests.Admin;
using ChatIntake.Tests.Infrastructure;

namespace ChatIntake.Tests.Jobs;

public sealed class ScheduleReportTests
{
    [Fact]
    public async Task The_report_lists_the_follow_up_job_with_its_next_run_and_how_the_last_one_went()
    {
        await using var bot = new BotApplicationFactory(settings: new Dictionary<string, string?> { ["FollowUps:Interval"] = "00:00:01" });
        var report = bot.Service<ScheduleReport>();

        var jobs = await Eventually.UntilAsync(() => report.ListAsync(default), all => all.Any(j => j.Job == FollowUpJob.Key.ToString() && j.LastRun is not null), "the follow-up job to have run",
            describe: all => string.Join("; ", all.Select(j => $"{j.Job}: last {j.LastRun?.Outcome ?? "none"}")));
        var followUps = Assert.Single(jobs, j => j.Job == FollowUpJob.Key.ToString());
        Assert.Equal("every 00:00:01", followUps.Schedule);
        Assert.NotNull(followUps.NextFire);
        Assert.NotNull(followUps.LastRun);
        Assert.Null(followUps.LastRun!.LastError);
        Assert.Equal("asked if fixed 0, closed 0, still-in-hand 0, reminded 0, dropped 0, staff reminded 0, escalated 0, old updates deleted 0, agencies to chase 0", followUps.LastRun.Outcome);
    }

    [Fact]
    public async Task Administrators_see_the_scheduled_jobs_page_with_the_next_run()
    {
        var host = new AdminHost(browser: false, new Dictionary<string, string?> { ["FollowUps:Interval"] = "00:00:02" });
        await host.InitializeAsync();
        try
        {
            using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
            var page = await admin.GetPageAsync("/admin/settings/jobs");

            Assert.Contains($"data-job=\"{FollowUpJob.Key}\"", page);
            Assert.Contains("هر ۲ ثانیه", page);
            Assert.DoesNotContain("every 00:00:02", page);
            Assert.Matches("<td data-next>[^—<]+</td>", page);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
