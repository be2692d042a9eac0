using ChatIntake.Jobs;
using ChatIntake.Tests.Admin;
using ChatIntake.Tests.Infrastructure;
using ChatIntake.Tests.Jobs;

namespace ChatIntake.Tests.Data;

/// <summary>
/// What one instance changes, the other uses: two instances of the product on one PostgreSQL database, as behind a
/// load balancer. PostgreSQL only: a SQLite file belongs to one process.
/// </summary>
[Trait("Database", "PostgresOnly")]
public sealed class SharedStateAcrossInstancesTests
{
    [Fact]
    public async Task A_job_run_recorded_on_one_instance_shows_on_the_other_instances_jobs_page()
    {
        using var database = new TestDatabaseFile();
        var settings = new Dictionary<string, string?> { ["FollowUps:Interval"] = "01:00:00" };
        var first = new AdminHost(browser: false, settings, databaseFile: database.Path);
        var second = new AdminHost(browser: false, settings, databaseFile: database.Path);
        try
        {
            await first.InitializeAsync();
            await second.InitializeAsync();
            var key = FollowUpJob.Key.ToString();

            // Whatever the cluster ran at start, the failure recorded on the first instance is the latest one for both.
            await Assert.ThrowsAsync<TimeoutException>(() =>
                first.Bot.Service<JobRuns>().RecordAsync<string>(key, () => throw new TimeoutException("the sweep on the first instance timed out")));

            using var admin = await second.SignInAsync("admin", AdminHost.AdminPassword);
            var row = JobRunsTests.Row(await admin.GetPageAsync("/admin/settings/jobs"), key);
            Assert.Contains("TimeoutException: the sweep on the first instance timed out", row);
        }
        finally
        {
            await second.DisposeAsync();
            await first.DisposeAsync();
        }
    }
}
