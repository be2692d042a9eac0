using ChatIntake.Dialogs.Text;
using ChatIntake.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChatIntake.Tests.Dialogs;

/// <summary>
/// The words that start a new report whatever is open are folded once and kept (TextCatalog.MatchingWords): an
/// operator's edit of them, here or mirrored from another instance, takes effect at the next message.
/// </summary>
public sealed class NewReportWordsTests
{
    private const string Subjects = "What is the problem about?";

    [Fact]
    public async Task Words_an_operator_gives_for_a_new_report_start_one_from_the_next_message()
    {
        var catalog = new TextCatalog();
        await using var bot = new BotApplicationFactory(configureServices: services => services.AddSingleton(catalog));
        var citizen = bot.Citizen("words", "en");
        await citizen.SaysAsync("/start");

        await citizen.SaysAsync("new report");
        Assert.Contains(Subjects, citizen.LastText);
        await citizen.SaysAsync("/cancel");

        // Edited in this instance's panel: stored, then laid over the catalog, as the texts page does (the product's
        // refresher puts the catalog back in step with the table every 2 s, so an edit not stored would be undone).
        await bot.StoreTextEditAsync("menu.new.words", "en", "new report|fix my street");
        catalog.Override("menu.new.words", "en", "new report|fix my street");
        await citizen.SaysAsync("Fix my street");
        Assert.Contains(Subjects, citizen.LastText);
        await citizen.SaysAsync("/cancel");

        // Mirrored from another instance: the word given there works here, the one taken out no longer does.
        await bot.StoreTextEditAsync("menu.new.words", "en", "new report|broken thing");
        catalog.ReplaceOverrides([("menu.new.words", "en", "new report|broken thing")]);
        await citizen.SaysAsync("broken thing");
        Assert.Contains(Subjects, citizen.LastText);
        await citizen.SaysAsync("/cancel");
        await citizen.SaysAsync("fix my street");
        Assert.DoesNotContain(Subjects, citizen.LastText);
    }
}
