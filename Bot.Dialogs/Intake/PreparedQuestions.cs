using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Text;

namespace ChatIntake.Dialogs.Intake;

/// <summary>
/// Questions every report asks alike, built and written to JSON once per language: the subject menu (building it, the
/// subjects with their names in both languages and the kinds with their everyday words, was a fifth of what the intake
/// allocated), the place, the description and the photos. Prepared, they are kept once in the store and a waiting
/// citizen's state names them by key (<see cref="IPromptOptionsStore"/>). Kept per source (the list of categories, or the
/// catalog), so a new list builds afresh, and per change of the texts (<see cref="TextCatalog.Version"/>).
/// </summary>
internal static class PreparedQuestions
{
    private static readonly ConditionalWeakTable<object, ConcurrentDictionary<(TextCatalog Catalog, string Language, string Question), Built>> Kept = new();

    /// <summary>The subject menu for a kind already chosen, or with the kinds at its end (null).</summary>
    public static PreparedPromptOptions Menu(IReadOnlyList<CategoryInfo> categories, CultureTexts texts, TicketKind? kind, Func<PromptOptions> build) =>
        Get(categories, texts, "menu:" + kind, build);

    /// <summary>
    /// A question built from the texts alone; <paramref name="question"/> names it with everything else it is built from
    /// (channel, kind, limits), since two questions of one name share their options.
    /// </summary>
    public static PreparedPromptOptions Get(CultureTexts texts, string question, Func<PromptOptions> build) =>
        Get(texts.Catalog, texts, question, build);

    private static PreparedPromptOptions Get(object source, CultureTexts texts, string question, Func<PromptOptions> build)
    {
        var questions = Kept.GetValue(source, _ => new());
        var key = (texts.Catalog, texts.Culture.Name, question);
        var version = texts.Catalog.Version;
        if (questions.TryGetValue(key, out var built) && built.Version == version)
        {
            return built.Options;
        }

        var options = PreparedPromptOptions.Of(build());
        questions[key] = new Built(version, options);
        return options;
    }

    private sealed record Built(long Version, PreparedPromptOptions Options);
}
