using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace ChatIntake.Channels.DirectLine;

/// <summary>
/// The bytes a client posts as one activity (the body of POST activities, the activity part of an upload), checked
/// before anything reads them: UTF-8, JSON without repeated keys, text without broken surrogates, and the parts the
/// server reads in the shape the protocol gives them. Whatever fails is the client's mistake, answered with 400.
/// </summary>
public static class ActivityBody
{
    /// <summary>The largest activity accepted, in bytes, by either endpoint.</summary>
    public const int MaxBytes = 64 * 1024;

    private const int MaxDepth = 32;
    private const string Unicode = "The activity holds text that is not valid Unicode (a lone surrogate).";

    // Members the server reads as objects; anything else there would be misread, so it is refused.
    private static readonly string[] ObjectMembers = ["from", "recipient", "conversation", "channelData"];

    /// <summary>The activity, or why these bytes are not one.</summary>
    public static (JsonObject? Activity, string? Problem) Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return (null, "The body must be one activity as a JSON object.");
        }

        if (!Utf8.IsValid(utf8))
        {
            return (null, "The body is not valid UTF-8.");
        }

        // A first pass over the document sees what a JsonObject would hide: repeated keys, and escapes that are no text.
        try
        {
            using var document = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { MaxDepth = MaxDepth });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, "The body must be one activity as a JSON object.");
            }

            if (Flaw(document.RootElement) is { } flaw)
            {
                return (null, flaw);
            }
        }
        catch (JsonException)
        {
            return (null, "The body is not valid JSON (or it nests too deeply).");
        }
        catch (InvalidOperationException)
        {
            // The decoder's own refusal of an escape it cannot turn into text.
            return (null, Unicode);
        }

        var activity = (JsonObject)JsonNode.Parse(utf8)!;
        foreach (var member in ObjectMembers)
        {
            if (activity[member] is { } value && value is not JsonObject)
            {
                return (null, $"'{member}' must be an object.");
            }
        }

        return (activity, null);
    }

    /// <summary>What is wrong at any depth: a key repeated in one object, or a name or string that is not whole UTF-16.</summary>
    private static string? Flaw(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (!IsWellFormed(property.Name))
                    {
                        return Unicode;
                    }

                    if (!names.Add(property.Name))
                    {
                        return $"The activity repeats the property '{property.Name}'.";
                    }

                    if (Flaw(property.Value) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (Flaw(item) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.String:
                return IsWellFormed(element.GetString()!) ? null : Unicode;
            default:
                return null;
        }
    }

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
