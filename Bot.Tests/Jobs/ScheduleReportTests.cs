using ChatIntake.Jobs;
using ChatIntake.Tests.Infrastructure;

namespace ChatIntake.Tests.Jobs;

public sealed class ScheduleReportTests
{
    [Fact]
    public async Task The_report_lists_the_follow_up_job_with_its_next_run_and_how_the_last_one_went()
    {
        var bot = new BotApplicationFactory(settings: new Dictionary<string, string?> { ["FollowUps:Interval"] = "00:00:01" });
        try
        {
            await ListsAsync(bot);
        }
        finally
        {
            await bot.DisposeAsync();
            bot.DeleteDatabase();
        }
    }

    private static async Task ListsAsync(BotApplicationFactory bot)
    {
        var report = bot.Service<ScheduleReport>();

        var waited = System.Diagnostics.Stopwatch.StartNew();
        IReadOnlyList<ScheduledJob> jobs;
        do
        {
            await Task.Delay(100);
            jobs = await report.ListAsync(default);
        }
        while (jobs.All(j => j.LastRun is null) && waited.Elapsed < TimeSpan.FromSeconds(20));

        var followUps = Assert.Single(jobs, j => j.Job == FollowUpJob.Key.ToString());
        Assert.Equal("every 00:00:01", followUps.Schedule);
        Assert.NotNull(followUps.NextFire);
        Assert.NotNull(followUps.LastRun);
        Assert.Null(followUps.LastRun!.LastError);
        Assert.Contains("Surveys = 0", followUps.LastRun.Outcome);
    }
}
