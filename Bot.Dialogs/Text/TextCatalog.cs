using System.Collections.Concurrent;
using System.Globalization;
using System.Resources;

namespace ChatIntake.Dialogs.Text;

/// <summary>
/// Citizen-facing texts from the resource files (Messages.resx in English, Messages.fa.resx in Persian),
/// with room for operators' edited versions laid over them.
/// </summary>
public sealed class TextCatalog
{
    public static readonly TextCatalog Default = new();

    private static readonly ResourceManager Resources = new("ChatIntake.Dialogs.Text.Messages", typeof(TextCatalog).Assembly);
    private readonly ConcurrentDictionary<(string Key, string Language), string> _overrides = new();
    private readonly ConcurrentDictionary<(string Key, string Language), string> _matchingForms = new();
    private readonly ConcurrentDictionary<(string Key, string Language), string> _resolved = new();

    /// <summary>The text for <paramref name="key"/>; a missing key is a bug, so it fails loudly in tests.</summary>
    public string Get(string key, CultureInfo culture)
    {
        var language = culture.TwoLetterISOLanguageName;
        if (_overrides.TryGetValue((key, language), out var edited))
        {
            return edited;
        }

        // Every reply looks up several texts; the resource manager's own lookup is the slow part of a turn.
        return _resolved.GetOrAdd((key, language), static (k, c) =>
            Resources.GetString(k.Key, c) ?? throw new KeyNotFoundException($"No text '{k.Key}'."), culture);
    }

    /// <summary>Fills the holes; numbers are written in the culture's digits (Persian digits in Persian).</summary>
    public string Format(string key, CultureInfo culture, params object?[] args)
    {
        var shown = new object?[args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            shown[i] = args[i] switch
            {
                int or long or double or decimal => PersianText.Digits(Convert.ToString(args[i], CultureInfo.InvariantCulture)!, culture),
                // A Latin run such as a tracking code "K7QM-4XPT" would be reordered around its dash inside Persian text.
                string latin when culture.TwoLetterISOLanguageName == "fa" && IsLatinOnly(latin) => $"\u200E{latin}\u200E",
                _ => args[i],
            };
        }

        return string.Format(culture, Get(key, culture), shown);
    }

    private static bool IsLatinOnly(string text) =>
        text.Length > 0 && text.Any(char.IsAsciiLetter) && text.All(c => char.IsAscii(c));

    /// <summary>The text as <see cref="PersianText.ForMatching"/> folds it, cached: buttons are compared on every turn.</summary>
    public string MatchingForm(string key, CultureInfo culture) =>
        _matchingForms.GetOrAdd((key, culture.TwoLetterISOLanguageName), _ => PersianText.ForMatching(Get(key, culture)));

    public void Override(string key, string language, string text)
    {
        _overrides[(key, language)] = text;
        _matchingForms.TryRemove((key, language), out _);
    }

    /// <summary>Every key of the neutral (English) resources; tests prove each has a Persian text too.</summary>
    public static IReadOnlyList<string> AllKeys()
    {
        var set = Resources.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!;
        return [.. set.Cast<System.Collections.DictionaryEntry>().Select(e => (string)e.Key).Order(StringComparer.Ordinal)];
    }

    public static bool HasOwnText(string key, CultureInfo culture) =>
        Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)?.GetString(key) is not null;
}
