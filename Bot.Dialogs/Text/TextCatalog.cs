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
    private readonly ConcurrentDictionary<(string Key, string Language), string[]> _matchingWords = new();
    private readonly ConcurrentDictionary<(string Key, string Language), string> _resolved = new();

    /// <summary>The text for <paramref name="key"/>, laid out for its reader (<see cref="TextLayout"/>); a missing key is a bug, so it fails loudly in tests.</summary>
    public string Get(string key, CultureInfo culture)
    {
        var language = culture.TwoLetterISOLanguageName;
        if (_overrides.TryGetValue((key, language), out var edited))
        {
            return TextLayout.Apply(edited, culture);
        }

        // Every reply looks up several texts; the resource manager's own lookup is the slow part of a turn.
        return _resolved.GetOrAdd((key, language), static (k, c) => TextLayout.Apply(Resource(k.Key, c), c), culture);
    }

    /// <summary>The text as written (the operator's edit or the resource), with its holes and without layout marks: what an editor shows.</summary>
    public string Template(string key, CultureInfo culture) =>
        _overrides.TryGetValue((key, culture.TwoLetterISOLanguageName), out var edited) ? edited : Resource(key, culture);

    private static string Resource(string key, CultureInfo culture) =>
        Resources.GetString(key, culture) ?? throw new KeyNotFoundException($"No text '{key}'.");

    /// <summary>Fills the holes, then lays the whole out once; numbers are written in the culture's digits (Persian digits in Persian).</summary>
    public string Format(string key, CultureInfo culture, params object?[] args)
    {
        var shown = new object?[args.Length];
        for (var i = 0; i < args.Length; i++)
        {
            shown[i] = args[i] switch
            {
                int or long or double or decimal => PersianText.Digits(Convert.ToString(args[i], CultureInfo.InvariantCulture)!, culture),
                _ => args[i],
            };
        }

        return TextLayout.Apply(string.Format(culture, Template(key, culture), shown), culture);
    }

    /// <summary>The text as <see cref="PersianText.ForMatching"/> folds it, cached: buttons are compared on every turn.</summary>
    public string MatchingForm(string key, CultureInfo culture) =>
        _matchingForms.GetOrAdd((key, culture.TwoLetterISOLanguageName), static (k, state) => PersianText.ForMatching(state.Catalog.Get(k.Key, state.Culture)), (Catalog: this, Culture: culture));

    /// <summary>
    /// A list of words kept as one text ("new report|report a problem|…") as <see cref="PersianText.ForMatching"/> folds
    /// each, cached like <see cref="MatchingForm"/>: every message is compared with some of them.
    /// </summary>
    public IReadOnlyList<string> MatchingWords(string key, CultureInfo culture) =>
        _matchingWords.GetOrAdd(
            (key, culture.TwoLetterISOLanguageName),
            static (k, state) => [.. state.Catalog.Get(k.Key, state.Culture).Split('|').Select(PersianText.ForMatching)],
            (Catalog: this, Culture: culture));

    private long _edits;
    private long _version;

    /// <summary>How many edits <see cref="Override"/> has laid over texts so far: whoever mirrors the stored edits sees that one was made here.</summary>
    public long Edits => Interlocked.Read(ref _edits);

    /// <summary>Moves whenever a text changes, by an edit here or by one mirrored from elsewhere: whoever builds from texts knows when to build again.</summary>
    public long Version => Interlocked.Read(ref _version);

    public void Override(string key, string language, string text)
    {
        Lay(key, language, text);
        Interlocked.Increment(ref _edits);
    }

    private void Lay(string key, string language, string text)
    {
        _overrides[(key, language)] = text;
        Changed((key, language));
    }

    /// <summary>A text changed: what was folded from it goes, and whoever builds from texts sees a new <see cref="Version"/>.</summary>
    private void Changed((string Key, string Language) text)
    {
        _matchingForms.TryRemove(text, out _);
        _matchingWords.TryRemove(text, out _);
        Interlocked.Increment(ref _version);
    }

    /// <summary>Lays exactly these edits over the resources: a text edited before but not now is the resource's again.</summary>
    public void ReplaceOverrides(IReadOnlyCollection<(string Key, string Language, string Text)> edits)
    {
        var wanted = edits.ToDictionary(e => (e.Key, e.Language), e => e.Text);
        foreach (var dropped in _overrides.Keys.Where(k => !wanted.ContainsKey(k)))
        {
            _overrides.TryRemove(dropped, out _);
            Changed(dropped);
        }

        foreach (var ((key, language), text) in wanted)
        {
            if (!_overrides.TryGetValue((key, language), out var current) || current != text)
            {
                Lay(key, language, text);
            }
        }
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
