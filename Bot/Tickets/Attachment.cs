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

    /// <summary>The name the citizen's file had (documents); messengers may not give it again later.</summary>
    public string? FileName { get; set; }

    /// <summary>Where the downloaded copy is kept, relative to the attachment folder, once downloaded (the channel's link expires).</summary>
    public string? StoredPath { get; set; }

    /// <summary>Failed download attempts so far; the downloader gives up after a few.</summary>
    public int DownloadAttempts { get; set; }

    /// <summary>Why the last download failed (too large, gone from the messenger), for staff.</summary>
    public string? DownloadError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The messenger the file came from when it is not the ticket's own (a field worker's photo from their linked chat); null means the ticket's.</summary>
    public string? Channel { get; set; }
}
