using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatIntake.Channels.Telegram.Api;

/// <summary>The Bot API's JSON: snake_case names, nulls left out, numbers also accepted as strings, unknown fields ignored.</summary>
public static class BotApiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        // Persian travels as itself, not as \u escapes six bytes a letter.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
