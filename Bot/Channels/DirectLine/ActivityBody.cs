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

    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false, MaxDepth = 32 };

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

        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(utf8, documentOptions: Strict);
        }
        catch (JsonException)
        {
            return (null, "The body is not valid JSON (or it repeats a property, or nests too deeply).");
        }

        if (parsed is not JsonObject activity)
        {
            return (null, "The body must be one activity as a JSON object.");
        }

        try
        {
            if (!IsWellFormedText(activity))
            {
                return (null, "The activity holds text that is not valid Unicode (a lone surrogate).");
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or JsonException)
        {
            // The decoder's own refusal of an escape it cannot turn into text.
            return (null, "The activity holds text that is not valid Unicode (a lone surrogate).");
        }

        foreach (var member in ObjectMembers)
        {
            if (activity[member] is { } value && value is not JsonObject)
            {
                return (null, $"'{member}' must be an object.");
            }
        }

        return (activity, null);
    }

    /// <summary>Every property name and string value, at any depth, is whole UTF-16 (each surrogate in its pair).</summary>
    private static bool IsWellFormedText(JsonNode? node) => node switch
    {
        JsonObject obj => obj.All(p => IsWellFormed(p.Key) && IsWellFormedText(p.Value)),
        JsonArray array => array.All(IsWellFormedText),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => IsWellFormed(value.GetValue<string>()),
        _ => true,
    };

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
