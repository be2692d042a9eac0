using System.Net;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;
using ChatIntake.Jobs;
using ChatIntake.Staff;
using ChatIntake.Tests.Admin;
using ChatIntake.Tests.Infrastructure;
using ChatIntake.Tests.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

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

    [Fact]
    public async Task A_text_edited_on_one_instance_is_used_by_the_other_within_seconds()
    {
        using var database = new TestDatabaseFile();
        // Each instance its own catalog, as in separate processes.
        var first = new AdminHost(browser: false, configureServices: services => services.AddSingleton(new TextCatalog()), databaseFile: database.Path);
        var second = new AdminHost(browser: false, configureServices: services => services.AddSingleton(new TextCatalog()), databaseFile: database.Path);
        try
        {
            // The ticket is filed before the second instance starts, so its replies all go out from the first.
            await first.InitializeAsync();
            var (id, _, _) = await first.FileTicketAsync("shared-texts");
            await second.InitializeAsync();
            using var onFirst = await first.SignInAsync("admin", AdminHost.AdminPassword);
            using var onSecond = await second.SignInAsync("admin", AdminHost.AdminPassword);
            var persian = second.Bot.Service<TextCatalog>().Template("notify.status", IntakeCultures.Persian);

            var saved = await onFirst.PostFormAsync("/admin/settings/texts", new() { ["key"] = "notify.status", ["fa"] = persian, ["en"] = "Good news about report {0}: it is now {1}." });
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

            // The second instance's panel shows the edit, and its bot words the citizen's notification with it.
            await Eventually.UntilAsync(() => onSecond.GetPageAsync("/admin/settings/texts"), page => page.Contains(">Good news about report {0}: it is now {1}.</textarea>", StringComparison.Ordinal),
                "the second instance's texts page to show the edit", TimeSpan.FromSeconds(15));
            var ticketPage = $"/admin/tickets/{id}";
            await onSecond.PostFormAsync($"{ticketPage}?handler=status", new() { ["status"] = "InProgress" }, ticketPage);
            await using (var db = second.Bot.CreateDbContext())
            {
                Assert.Contains(await db.Outbox.Where(m => m.TicketId == id).Select(m => m.Payload).ToListAsync(), p => p.Contains("Good news about report", StringComparison.Ordinal));
            }

            // Put back to the built-in text on the first (its rows deleted), the second follows too.
            await using (var db = first.Bot.CreateDbContext())
            {
                await db.TextOverrides.Where(t => t.Key == "notify.status").ExecuteDeleteAsync();
            }

            var original = new TextCatalog().Template("notify.status", IntakeCultures.English);
            await Eventually.UntilAsync(() => second.Bot.Service<TextCatalog>().Template("notify.status", IntakeCultures.English), text => text == original,
                "the second instance to use the built-in text again", TimeSpan.FromSeconds(15));
        }
        finally
        {
            await second.DisposeAsync();
            await first.DisposeAsync();
        }
    }

    [Fact]
    public async Task Staff_signed_in_on_one_instance_are_signed_out_there_once_deactivated_or_given_a_new_password_on_the_other()
    {
        using var database = new TestDatabaseFile();
        var first = new AdminHost(browser: false, databaseFile: database.Path);
        var second = new AdminHost(browser: false, databaseFile: database.Path);
        try
        {
            await first.InitializeAsync();
            await second.InitializeAsync();
            var leaving = await first.CreateStaffAsync("leaving-agent", StaffRole.Agent);
            var reset = await first.CreateStaffAsync("reset-agent", StaffRole.Agent);
            using var leavingOnSecond = await second.SignInAsync(leaving.UserName);
            using var resetOnSecond = await second.SignInAsync(reset.UserName);
            Assert.Equal(HttpStatusCode.OK, (await leavingOnSecond.GetAsync("/admin")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await resetOnSecond.GetAsync("/admin")).StatusCode);

            using var admin = await first.SignInAsync("admin", AdminHost.AdminPassword);
            foreach (var (staff, fields) in new[]
            {
                (leaving, new Dictionary<string, string>()),
                (reset, new Dictionary<string, string> { ["isActive"] = "true", ["newPassword"] = "a-new-password-for-reset" }),
            })
            {
                fields["id"] = staff.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
                fields["displayName"] = staff.DisplayName;
                fields["role"] = nameof(StaffRole.Agent);
                Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync("/admin/settings/staff?handler=update", fields, "/admin/settings/staff")).StatusCode);
            }

            // The second instance reads the account and its stamp from the database on every request: out at the next one.
            foreach (var session in new[] { leavingOnSecond, resetOnSecond })
            {
                var after = await session.GetAsync("/admin");
                Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
                Assert.Contains("/admin/login", after.Headers.Location?.OriginalString);
            }

            using var again = await second.SignInAsync(reset.UserName, "a-new-password-for-reset");
            Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/admin")).StatusCode);
        }
        finally
        {
            await second.DisposeAsync();
            await first.DisposeAsync();
        }
    }
}
