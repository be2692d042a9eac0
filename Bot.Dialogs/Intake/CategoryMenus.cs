using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Text;

namespace ChatIntake.Dialogs.Intake;

/// <summary>
/// The subject menu, built and written to JSON once per language and kind: every report asks it, and building it (the
/// subjects with their names in both languages, the kinds with their everyday words) was a fifth of what the intake
/// allocated. Kept per list of categories, so an edit of the categories (a new list) builds afresh, and per change of the
/// texts (<see cref="TextCatalog.Version"/>).
/// </summary>
internal static class CategoryMenus
{
    private static readonly ConditionalWeakTable<IReadOnlyList<CategoryInfo>, ConcurrentDictionary<(TextCatalog Catalog, string Language, TicketKind? Kind), Built>> Menus = new();

    public static PreparedPromptOptions Get(IReadOnlyList<CategoryInfo> categories, CultureTexts texts, TicketKind? kind, Func<PromptOptions> build)
    {
        var menus = Menus.GetValue(categories, _ => new());
        var key = (texts.Catalog, texts.Culture.Name, kind);
        var version = texts.Catalog.Version;
        if (menus.TryGetValue(key, out var built) && built.Version == version)
        {
            return built.Options;
        }

        var options = PreparedPromptOptions.Of(build());
        menus[key] = new Built(version, options);
        return options;
    }

    private sealed record Built(long Version, PreparedPromptOptions Options);
}
