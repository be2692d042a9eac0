namespace ChatIntake.Tickets;

/// <summary>Where a channel's attachments come from (a messenger's file server, the web chat's uploads).</summary>
public interface IAttachmentSource
{
    /// <summary>The channels (e.g. "telegram", "webchat") whose attachments this source can fetch now.</summary>
    IEnumerable<string> Channels { get; }

    /// <summary>
    /// Puts the attachment's file into the store and returns its stored path. Throws <see cref="AttachmentUnavailableException"/>
    /// when asking again cannot help (too large, gone); anything else is retried later.
    /// </summary>
    Task<string> FetchAsync(Attachment attachment, string channel, CancellationToken cancellationToken);
}
