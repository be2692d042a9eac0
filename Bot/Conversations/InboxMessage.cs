namespace ChatIntake.Conversations;

/// <summary>An incoming update, stored before the channel is acknowledged; (Channel, ExternalUpdateId) is unique, so a redelivery is a no-op.</summary>
public sealed class InboxMessage
{
    public long Id { get; set; }
    public required string Channel { get; set; }
    public required string ExternalUpdateId { get; set; }
    public required string ExternalChatId { get; set; }

    /// <summary>The update as an Activity (JSON).</summary>
    public required string Payload { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset? ProcessedAt { get; set; }
    public string? Error { get; set; }
}
