using System.Text.Json.Serialization;

namespace ChatIntake.Health;

/// <summary>The body of /healthz: "ok", "degraded" (a channel is) or "unavailable" (the database is), then each part.</summary>
public sealed record HealthReport(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("database")] HealthReport.Part Database,
    [property: JsonPropertyName("channels")] IReadOnlyDictionary<string, HealthReport.Part> Channels)
{
    public const string Ok = "ok";
    public const string Degraded = "degraded";
    public const string Off = "off";

    /// <param name="State">"ok", "degraded" or "off".</param>
    /// <param name="Reason">Why it is not ok.</param>
    /// <param name="Since">When that was last seen.</param>
    public sealed record Part(
        [property: JsonPropertyName("state")] string State,
        [property: JsonPropertyName("reason"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reason,
        [property: JsonPropertyName("since"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateTimeOffset? Since)
    {
        public static readonly Part Ok = new(HealthReport.Ok, null, null);
    }
}
