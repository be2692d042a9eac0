using System.Text.Json;
using System.Text.Json.Serialization;
using ChatIntake.Dialogs.Engine;

namespace ChatIntake.Conversations;

/// <summary>
/// A quick reply as stored in the inbox and outbox: its value only when it differs from its title, its kind only when it
/// is not a plain reply. A subject menu's twelve buttons were half of the reply's row, and a reply's row is written twice
/// (queued, then marked sent). Rows stored in full before read the same.
/// </summary>
internal sealed class StoredSuggestedActionConverter : JsonConverter<SuggestedAction>
{
    public override SuggestedAction Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A suggested action is an object.");
        }

        string? title = null, value = null;
        var kind = SuggestedActionKind.Reply;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                throw new JsonException("A suggested action holds properties only.");
            }

            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "title":
                    title = Text(ref reader);
                    break;
                case "value":
                    value = Text(ref reader);
                    break;
                case "kind":
                    kind = Enum.TryParse<SuggestedActionKind>(Text(ref reader), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                        ? parsed
                        : throw new JsonException("Unknown suggested action kind.");
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return title is null ? throw new JsonException("A suggested action needs a title.") : new SuggestedAction(title, value ?? title, kind);
    }

    /// <summary>A string, or a JSON error like any other unreadable row (the reader itself would throw InvalidOperationException).</summary>
    private static string Text(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? reader.GetString()! : throw new JsonException("A suggested action's title, value and kind are strings.");

    public override void Write(Utf8JsonWriter writer, SuggestedAction value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("title"u8, value.Title);
        if (!string.Equals(value.Value, value.Title, StringComparison.Ordinal))
        {
            writer.WriteString("value"u8, value.Value);
        }

        if (value.Kind != SuggestedActionKind.Reply)
        {
            writer.WriteString("kind"u8, value.Kind.ToString());
        }

        writer.WriteEndObject();
    }
}
