namespace ChatIntake.Tickets;

/// <summary>A file kept with a ticket, as a channel needs it to send it on.</summary>
/// <param name="StoredFile">The file in the attachment store, once downloaded (a panel upload is stored at once).</param>
/// <param name="Channel">The messenger whose file id <paramref name="ChannelFileId"/> is; null for a panel upload.</param>
/// <param name="GivenUp">The download failed for good: the file will never be had.</param>
public sealed record TicketFile(string? StoredFile, string ContentType, string? FileName, string? Channel, string ChannelFileId, bool GivenUp);
