using System.Text.Json;
using System.Text.Json.Serialization;
using ChatIntake.Dialogs.Engine;

namespace ChatIntake.Conversations;

/// <summary>How activities are stored in the inbox and outbox.</summary>
public static class ActivityJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Stored and read back by this application only; Persian as itself is a fifth of its escaped size.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Bounded: the same question goes to many citizens, a summary with their own words to one.</summary>
    private static readonly JsonReadMemo<Activity> Outgoing = new(512, Options);

    public static string Serialize(Activity activity) => JsonSerializer.Serialize(activity, Options);

    public static Activity Deserialize(string json) =>
        JsonSerializer.Deserialize<Activity>(json, Options) ?? throw new JsonException("Empty activity.");

    /// <summary>A reply on its way out, shared with every other send of the same text (activities are immutable).</summary>
    public static Activity DeserializeReply(string json) =>
        Outgoing.Read(json) ?? throw new JsonException("Empty activity.");
}
