using ChatIntake.Tests.Dialogs;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Conversations;

/// <summary>
/// The subject menu is kept once in SharedPromptOptions and a waiting citizen's state names it by key. The menu must
/// outlive the process that showed it: a citizen answers it after a restart, or on another instance, and is understood.
/// </summary>
public sealed class SharedPromptOptionsTests
{
    [Fact]
    public async Task A_citizen_answers_the_subject_menu_after_a_restart_and_the_state_named_the_menu_by_key()
    {
        using var database = new TestDatabaseFile();
        string light;
        await using (var before = new BotApplicationFactory(database.Path))
        {
            var citizen = before.Citizen("kept-menu", "en");
            await citizen.SaysAsync("/new");
            light = citizen.Buttons.Single(b => b.Contains("Light", StringComparison.Ordinal));

            await using var db = before.CreateDbContext();
            var state = await db.Conversations.Where(c => c.ExternalChatId == "kept-menu").Select(c => c.DialogState).SingleAsync();
            var kept = Assert.Single(await db.SharedPromptOptions.ToListAsync());
            Assert.Contains($"\"sharedOptions\":\"{kept.Key}\"", state, StringComparison.Ordinal);
            Assert.DoesNotContain(light, state, StringComparison.Ordinal);
            Assert.Contains(light, kept.Options, StringComparison.Ordinal);
        }

        // A new process knows no menu until it reads the one the state names.
        await using var after = new BotApplicationFactory(database.Path);
        var again = after.Citizen("kept-menu", "en");
        await again.SaysAsync(light);
        Assert.Contains("Where is it?", again.LastText, StringComparison.Ordinal);
        await again.SharesLocationAsync(35.725, 51.37);
        await again.SaysAsync("The street light in front of number 12 has been dark for a week now.");
        await again.PressesAsync("Skip");
        await again.PressesAsync("Submit");
        Assert.Contains("Your report is registered", again.LastText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_state_naming_a_menu_the_database_no_longer_holds_restarts_politely_and_the_next_report_is_filed()
    {
        using var database = new TestDatabaseFile();
        await using (var before = new BotApplicationFactory(database.Path))
        {
            await before.Citizen("lost-menu", "en").SaysAsync("/new");
        }

        // As after restoring a backup taken before the menu was kept.
        await using var after = new BotApplicationFactory(database.Path);
        await using (var db = after.CreateDbContext())
        {
            Assert.Equal(1, await db.SharedPromptOptions.ExecuteDeleteAsync());
        }

        var citizen = after.Citizen("lost-menu", "en");
        await citizen.SaysAsync("Street Lighting");
        Assert.Contains("the service was updated", citizen.LastText, StringComparison.Ordinal);
        var code = await citizen.FilesReportAsync();
        await using var check = after.CreateDbContext();
        Assert.Equal(code.Replace("-", string.Empty, StringComparison.Ordinal), Assert.Single(await check.Tickets.Select(t => t.TrackingCode).ToListAsync()));
    }
}
