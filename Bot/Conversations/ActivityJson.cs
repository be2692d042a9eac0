using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using ChatIntake.Dialogs.Engine;

namespace ChatIntake.Conversations;

/// <summary>How activities are stored in the inbox and outbox.</summary>
public static class ActivityJson
{
    /// <summary>
    /// Stored and read back by this application only, so what goes without saying is left out: nulls, the type of a
    /// message, empty lists, a quick reply's value equal to its title (<see cref="StoredSuggestedActionConverter"/>).
    /// </summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Persian as itself is a fifth of its escaped size.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new StoredSuggestedActionConverter(), new JsonStringEnumConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { LeaveOutDefaults } },
    };

    /// <summary>Bounded: the same question goes to many citizens, a summary with their own words to one.</summary>
    private static readonly JsonReadMemo<Activity> Outgoing = new(512, Options);

    /// <summary>An activity's type is written unless it is a message, its lists only when they hold something; reading, both default so.</summary>
    private static void LeaveOutDefaults(JsonTypeInfo info)
    {
        if (info.Type != typeof(Activity))
        {
            return;
        }

        foreach (var property in info.Properties)
        {
            if (property.Name == "type")
            {
                property.ShouldSerialize = (_, value) => !ActivityTypes.Message.Equals(value);
            }
            else if (property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
            {
                property.ShouldSerialize = (_, value) => value is not ICollection { Count: 0 };
            }
        }
    }

    public static string Serialize(Activity activity) => JsonSerializer.Serialize(activity, Options);

    public static Activity Deserialize(string json) =>
        JsonSerializer.Deserialize<Activity>(json, Options) ?? throw new JsonException("Empty activity.");

    /// <summary>A reply on its way out, shared with every other send of the same text (activities are immutable).</summary>
    public static Activity DeserializeReply(string json) =>
        Outgoing.Read(json) ?? throw new JsonException("Empty activity.");
}
