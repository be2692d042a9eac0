namespace ChatIntake.Tickets;

public sealed class Attachment
{
    public long Id { get; set; }
    public long TicketId { get; set; }
    public long? TicketEventId { get; set; }

    /// <summary>The channel's file id (Telegram file_id, Direct Line upload id).</summary>
    public required string ChannelFileId { get; set; }
    public required string Kind { get; set; }
    public string? ContentType { get; set; }
    public long? Size { get; set; }

    /// <summary>Where the downloaded copy is kept, once downloaded (the channel's link expires).</summary>
    public string? StoredPath { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
