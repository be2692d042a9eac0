using ChatIntake.Tests.Dialogs;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Conversations;

/// <summary>
/// The questions every report asks alike (subject, place, description, photos) are kept once in SharedPromptOptions and a
/// waiting citizen's state names them by key. They must outlive the process that asked them: a citizen answers after a
/// restart, or on another instance, and is understood.
/// </summary>
public sealed class SharedPromptOptionsTests
{
    [Fact]
    public async Task Each_question_a_report_asks_alike_is_answered_after_a_restart_and_the_state_names_it_by_key()
    {
        using var database = new TestDatabaseFile();
        var light = string.Empty;
        (string Question, Func<CitizenDriver, Task> Answer)[] questions =
        [
            ("What is the problem about?", citizen => citizen.SaysAsync(light)),
            ("Where is it?", citizen => citizen.SharesLocationAsync(35.725, 51.37)),
            ("describe the problem", citizen => citizen.SaysAsync("The street light in front of number 12 has been dark for a week now.")),
            ("add photos", citizen => citizen.SaysAsync("Skip")),
        ];

        var bot = new BotApplicationFactory(database.Path);
        try
        {
            var citizen = bot.Citizen("kept-questions", "en");
            await citizen.SaysAsync("/new");
            light = citizen.Buttons.Single(b => b.Contains("Light", StringComparison.Ordinal));
            var keys = new HashSet<string>();
            foreach (var (question, answer) in questions)
            {
                Assert.Contains(question, citizen.LastText, StringComparison.Ordinal);
                await using (var db = bot.CreateDbContext())
                {
                    var state = await db.Conversations.Where(c => c.ExternalChatId == "kept-questions").Select(c => c.DialogState).SingleAsync();
                    var kept = await db.SharedPromptOptions.ToListAsync();
                    var named = kept.Where(o => state!.Contains($"\"sharedOptions\":\"{o.Key}\"", StringComparison.Ordinal)).ToList();
                    Assert.True(named.Count == 1, $"at \"{question}\" the state should name one of {kept.Count} kept questions: {state}");
                    var asked = named[0];
                    Assert.Contains(question, asked.Options, StringComparison.Ordinal);
                    Assert.DoesNotContain(question, state, StringComparison.Ordinal);
                    Assert.DoesNotContain("\"options\"", state, StringComparison.Ordinal);
                    keys.Add(asked.Key);
                }

                // A new process knows no question until it reads the one the state names.
                await bot.DisposeAsync();
                bot = new BotApplicationFactory(database.Path);
                citizen = bot.Citizen("kept-questions", "en");
                await answer(citizen);
            }

            Assert.Equal(questions.Length, keys.Count);
            Assert.Contains("Please check your report", citizen.LastText, StringComparison.Ordinal);
            await citizen.PressesAsync("Submit");
            Assert.Contains("Your report is registered", citizen.LastText, StringComparison.Ordinal);
        }
        finally
        {
            await bot.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_summary_keeps_its_buttons_once_and_none_of_the_citizens_words_and_is_answered_after_a_restart()
    {
        using var database = new TestDatabaseFile();
        var bot = new BotApplicationFactory(database.Path);
        try
        {
            // Two citizens at the summary, with their own words: one kept row of buttons serves both.
            await bot.Citizen("summary-one", "en").ReachesSummaryAsync();
            var second = bot.Citizen("summary-two", "en");
            await second.ReachesSummaryAsync(35.73, 51.38);
            Assert.Contains("The lamp post at the corner is broken and dark.", second.LastText, StringComparison.Ordinal);
            Assert.Contains("Submit", Assert.Single(second.LastReplies).SuggestedActions.First().Title, StringComparison.Ordinal);

            await using (var db = bot.CreateDbContext())
            {
                var states = await db.Conversations.Where(c => c.ExternalChatId.StartsWith("summary-")).Select(c => c.DialogState!).ToListAsync();
                var kept = await db.SharedPromptOptions.ToListAsync();
                var summary = Assert.Single(kept, o => o.Options.Contains("Submit", StringComparison.Ordinal));
                Assert.DoesNotContain("lamp post", summary.Options, StringComparison.Ordinal);
                Assert.Equal(2, states.Count);
                foreach (var state in states)
                {
                    // The description stays among the report's answers; the summary written from them is not kept.
                    Assert.Contains($"\"sharedOptions\":\"{summary.Key}\"", state, StringComparison.Ordinal);
                    Assert.DoesNotContain("Please check your report", state, StringComparison.Ordinal);
                    Assert.DoesNotContain("\"options\"", state, StringComparison.Ordinal);
                }
            }

            // A new process reads the buttons the state names: the answer, a wrong one first, is understood.
            await bot.DisposeAsync();
            bot = new BotApplicationFactory(database.Path);
            second = bot.Citizen("summary-two", "en");
            await second.SaysAsync("hmm");
            Assert.Contains("Please choose one of the buttons", second.LastText, StringComparison.Ordinal);
            Assert.Contains("✅ Submit", second.Buttons);
            await second.SaysAsync("/help");
            Assert.Contains("Please check your report", second.LastText, StringComparison.Ordinal);
            Assert.Contains("The lamp post at the corner is broken and dark.", second.LastText, StringComparison.Ordinal);
            await second.PressesAsync("Submit");
            Assert.Contains("Your report is registered", second.LastText, StringComparison.Ordinal);
        }
        finally
        {
            await bot.DisposeAsync();
        }
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
