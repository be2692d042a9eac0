using ChatIntake.Dialogs.Intake;
using ChatIntake.Outbox;
using ChatIntake.Tests.Admin;
using ChatIntake.Tests.Dialogs;
using ChatIntake.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Jobs;

/// <summary>Quartz keeps its schedule in the product's database: what fell due while the service was down is done after a restart, once.</summary>
public sealed class ScheduledJobRestartTests
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
        var database = Path.Combine(Path.GetTempPath(), $"chatintake-restart-{Guid.NewGuid():N}.db");
        long ticketId;
        await using (var first = new BotApplicationFactory(database, Settings))
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
        var restartedAt = TimeProvider.System.GetUtcNow();
        await using (var second = new BotApplicationFactory(database, Settings))
        {
            _ = second.Services;
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (second.Channel.DeliveredTo("restart-1").All(a => a.Text?.Contains("Is the problem fixed?", StringComparison.Ordinal) != true))
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), "the survey did not arrive after the restart");
                await Task.Delay(100);
            }

            // Several more runs of the job: still one survey.
            await Task.Delay(TimeSpan.FromSeconds(2.5));
            await using var db = second.CreateDbContext();
            Assert.Single(await db.Outbox.AsNoTracking().Where(m => m.TicketId == ticketId && m.Payload.Contains("survey:")).ToListAsync());
            Assert.Single(second.Channel.DeliveredTo("restart-1"), a => a.Text?.Contains("Is the problem fixed?", StringComparison.Ordinal) == true);
            Assert.Equal(OutboxState.Sent, (await db.Outbox.AsNoTracking().SingleAsync(m => m.TicketId == ticketId && m.Payload.Contains("survey:"))).State);
            Assert.True((await db.Tickets.AsNoTracking().SingleAsync()).SurveySentAt >= restartedAt, "the survey was sent before the restart");
        }

        new BotApplicationFactory(database).DeleteDatabase();
    }
}
