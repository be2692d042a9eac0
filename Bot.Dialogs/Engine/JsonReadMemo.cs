using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace ChatIntake.Dialogs.Engine;

/// <summary>
/// Immutable values read from JSON once for every holder of the same text: most citizens wait on the same few
/// questions (a category menu, "share the location") and are sent the same few messages, and reading those back on
/// every turn and every send was a seventh of the bytes the intake allocated. Bounded: a text carrying a citizen's own
/// words (the summary) is read once and churns through.
/// </summary>
public sealed class JsonReadMemo<T>(int maxEntries, JsonSerializerOptions options)
    where T : class
{
    private readonly ConcurrentDictionary<string, T> _read = new(StringComparer.Ordinal);
    private int _added;

    /// <summary>The value of a JSON text.</summary>
    public T? Read(string json) =>
        _read.TryGetValue(json, out var known) ? known : Remember(json, JsonSerializer.Deserialize<T>(json, options));

    /// <summary>
    /// The value of a JSON text held as a string inside another document: looked up by its stored (escaped) form, so a
    /// known text is neither unescaped nor copied into a string of its own.
    /// </summary>
    public T? ReadNested(JsonElement nested)
    {
        var raw = JsonMarshal.GetRawUtf8Value(nested);
        var chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(raw.Length));
        try
        {
            var key = chars.AsSpan(0, Encoding.UTF8.GetChars(raw, chars));
            return _read.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(key, out var known)
                ? known
                : Remember(key.ToString(), JsonSerializer.Deserialize<T>(nested.GetString()!, options));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private T? Remember(string key, T? value)
    {
        if (value is not null && _read.TryAdd(key, value) && Interlocked.Increment(ref _added) > maxEntries)
        {
            // ConcurrentDictionary.Count takes every lock; a count of additions is enough for a bound, and clearing is cheap.
            Interlocked.Exchange(ref _added, 0);
            _read.Clear();
        }

        return value;
    }
}
