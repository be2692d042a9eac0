using System.Text.RegularExpressions;
using ChatIntake.Jobs;
using ChatIntake.Tests.Admin;
using ChatIntake.Tests.Infrastructure;

namespace ChatIntake.Tests.Jobs;

/// <summary>The jobs page reads each job's latest run from the runs table, so it survives a restart and agrees across instances.</summary>
public sealed class JobRunsTests
{
    private static readonly Dictionary<string, string?> OneFollowUpRunAtStart = new() { ["FollowUps:Interval"] = "01:00:00" };

    [Fact]
    public async Task The_jobs_page_shows_a_runs_result_and_its_latest_error_from_the_table_also_after_a_restart()
    {
        using var database = new TestDatabaseFile();
        var key = FollowUpJob.Key.ToString();
        var host = new AdminHost(browser: false, OneFollowUpRunAtStart, databaseFile: database.Path);
        try
        {
            await host.InitializeAsync();
            var runs = host.Bot.Service<JobRuns>();
            await Eventually.UntilAsync(async () => (await runs.ListAsync(CancellationToken.None)).ContainsKey(key), "the follow-up run at start to be recorded");

            await Assert.ThrowsAsync<InvalidOperationException>(() => runs.RecordAsync<string>(key, () => throw new InvalidOperationException("the sweep met a broken row")));
            Assert.Equal("swept 7 tickets", await runs.RecordAsync(key, () => Task.FromResult("swept 7 tickets")));

            using (var admin = await host.SignInAsync("admin", AdminHost.AdminPassword))
            {
                var row = Row(await admin.GetPageAsync("/admin/settings/jobs"), key);
                Assert.Contains("swept 7 tickets", row);
                Assert.Contains("InvalidOperationException: the sweep met a broken row", row);
                Assert.Contains($"data-instance>{JobRuns.ThisInstance}<", row);
            }
        }
        finally
        {
            await host.DisposeAsync();
        }

        // Started again, the installation still shows the failure: the row outlives the process that wrote it.
        var restarted = new AdminHost(browser: false, OneFollowUpRunAtStart, databaseFile: database.Path);
        try
        {
            await restarted.InitializeAsync();
            using var admin = await restarted.SignInAsync("admin", AdminHost.AdminPassword);
            Assert.Contains("InvalidOperationException: the sweep met a broken row", Row(await admin.GetPageAsync("/admin/settings/jobs"), key));
        }
        finally
        {
            await restarted.DisposeAsync();
        }
    }

    /// <summary>The page's table row of one job.</summary>
    internal static string Row(string page, string job)
    {
        var match = Regex.Match(page, $"<tr data-job=\"{Regex.Escape(job)}\".*?</tr>", RegexOptions.Singleline);
        Assert.True(match.Success, $"the jobs page lists {job}");
        return match.Value;
    }
}
