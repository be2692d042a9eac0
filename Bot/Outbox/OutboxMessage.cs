namespace ChatIntake.Outbox;

/// <summary>A message to a chat, written in the same transaction as what caused it; the dispatcher delivers it.</summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }
    public required string Channel { get; set; }
    public required string ExternalChatId { get; set; }
    public long? CitizenId { get; set; }
    public long? TicketId { get; set; }

    /// <summary>The Activity to send (JSON).</summary>
    public required string Payload { get; set; }
    public OutboxState State { get; set; }

    /// <summary>Replies to a waiting person are dispatched before bulk notices; order within a chat is kept.</summary>
    public OutboxLane Lane { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NotBefore { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? ExternalMessageId { get; set; }
    public string? LastError { get; set; }
}
