using ChatIntake.Dialogs.Text;
using ChatIntake.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChatIntake.Tests.Dialogs;

/// <summary>
/// The subject menu is built once per language and kept (PreparedQuestions): every change of its texts, made here or
/// mirrored from another instance, must still reach the next citizen who is asked, and the menu must still work.
/// </summary>
public sealed class SubjectMenuTests
{
    private const string Original = "What is the problem about?";

    [Fact]
    public async Task Every_change_of_the_subject_question_reaches_the_next_citizen_asked_it()
    {
        var catalog = new TextCatalog();
        await using var bot = new BotApplicationFactory(configureServices: services => services.AddSingleton(catalog));

        Assert.Contains(Original, await AskedAsync(bot, "menu-1"));
        Assert.Contains(Original, await AskedAsync(bot, "menu-2"));

        // Edited in this instance's panel: the row stored, then laid over the catalog. The edits are kept in the table
        // as the product keeps them, so its refresher (every 2 s) finds the catalog in step and leaves it so.
        await bot.StoreTextEditAsync("report.category.ask", "en", "Which subject, please?");
        catalog.Override("report.category.ask", "en", "Which subject, please?");
        var edited = await AskedAsync(bot, "menu-3");
        Assert.Contains("Which subject, please?", edited);
        Assert.DoesNotContain(Original, edited);

        // Edited in another instance's panel and mirrored here, which is not an edit made here.
        await bot.StoreTextEditAsync("report.category.ask", "en", "Pick a subject below.");
        catalog.ReplaceOverrides([("report.category.ask", "en", "Pick a subject below.")]);
        Assert.Contains("Pick a subject below.", await AskedAsync(bot, "menu-4"));

        // The edit deleted elsewhere: the resource's text again.
        await bot.StoreTextEditAsync("report.category.ask", "en", null);
        catalog.ReplaceOverrides([]);
        Assert.Contains(Original, await AskedAsync(bot, "menu-5"));
    }

    [Fact]
    public async Task Citizens_asked_the_same_kept_menu_each_choose_from_it()
    {
        await using var bot = new BotApplicationFactory();
        foreach (var chat in new[] { "kept-1", "kept-2", "kept-3" })
        {
            var citizen = bot.Citizen(chat, "en");
            await citizen.SaysAsync("/new");
            await citizen.PressesAsync("Light");
            Assert.Contains("location", citizen.LastText, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static async Task<string> AskedAsync(BotApplicationFactory bot, string chat)
    {
        var citizen = bot.Citizen(chat, "en");
        await citizen.SaysAsync("/new");
        return citizen.LastText;
    }
}
