using System.Collections.Concurrent;
using System.Text.Json;

namespace ChatIntake.Dialogs.Engine;

/// <summary>
/// The options of the prompts waiting in stored dialog state, read from their JSON once: most citizens wait on the
/// same few questions (a category menu, "share the location"), and reading the options back was ~9% of a turn's work.
/// Options are immutable records, so one read serves every conversation holding the same text.
/// </summary>
internal sealed class PromptOptionsMemo(int maxEntries)
{
    /// <summary>Bounded: a prompt carrying a citizen's own words (the summary) is read once and churns through.</summary>
    public static readonly PromptOptionsMemo Shared = new(512);

    private readonly ConcurrentDictionary<string, PromptOptions> _read = new(StringComparer.Ordinal);
    private int _added;

    public PromptOptions? FromJson(string json)
    {
        if (_read.TryGetValue(json, out var known))
        {
            return known;
        }

        var options = JsonSerializer.Deserialize<PromptOptions>(json, DialogJson.Options);
        if (options is not null && _read.TryAdd(json, options) && Interlocked.Increment(ref _added) > maxEntries)
        {
            // ConcurrentDictionary.Count takes every lock; a count of additions is enough for a bound, and clearing is cheap.
            Interlocked.Exchange(ref _added, 0);
            _read.Clear();
        }

        return options;
    }
}
