using ChatIntake.Tests.Dialogs;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Conversations;

/// <summary>
/// A conversation saved by an older version of a dialog, at any depth of the stack, is not continued with the new
/// code: the citizen is told the service was updated, the half-told report is not filed, and a new one works.
/// </summary>
public sealed class OutdatedStateTests
{
    [Theory]
    [InlineData("report")] // the outer dialog
    [InlineData("report.steps")] // the waterfall inside it
    [InlineData("report.description")] // the question it waits on, two levels down
    public async Task A_conversation_saved_by_an_older_version_of_a_dialog_restarts_politely(string dialog)
    {
        using var database = new TestDatabaseFile();
        await using (var first = new BotApplicationFactory(database.Path))
        {
            var citizen = first.Citizen("outdated", "en");
            await citizen.SaysAsync("/new");
            await citizen.PressesAsync("Light");
            await citizen.SharesLocationAsync(35.725, 51.37);
            Assert.Contains("Please describe the problem", citizen.LastText);
        }

        await using var second = new BotApplicationFactory(database.Path);
        await using (var db = second.CreateDbContext())
        {
            var current = $"\"id\":\"{dialog}\",\"version\":1";
            var changed = await db.Database.ExecuteSqlAsync(
                $"""UPDATE "Conversations" SET "DialogState" = REPLACE("DialogState", {current}, {$"\"id\":\"{dialog}\",\"version\":0"}) WHERE "ExternalChatId" = 'outdated'""");
            Assert.Equal(1, changed);
            Assert.Contains(current.Replace(":1", ":0", StringComparison.Ordinal), await db.Conversations.Where(c => c.ExternalChatId == "outdated").Select(c => c.DialogState).SingleAsync());
        }

        var resumed = second.Citizen("outdated", "en");
        await resumed.SaysAsync("The light pole is leaning and the lamp is off.");
        Assert.Contains("the service was updated", resumed.LastText);

        var code = await resumed.FilesReportAsync();
        await using var check = second.CreateDbContext();
        Assert.Equal(code.Replace("-", string.Empty, StringComparison.Ordinal), Assert.Single(await check.Tickets.Select(t => t.TrackingCode).ToListAsync()));
    }
}
