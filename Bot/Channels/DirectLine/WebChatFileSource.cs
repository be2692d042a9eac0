using ChatIntake.Tickets;

namespace ChatIntake.Channels.DirectLine;

/// <summary>Web chat uploads are already in the store: the ticket's attachment just points at the upload's file.</summary>
public sealed class WebChatFileSource(WebChatFiles files) : IAttachmentSource
{
    public IEnumerable<string> Channels => [WebChatChannel.ChannelName];

    public async Task<string> FetchAsync(Attachment attachment, string channel, CancellationToken cancellationToken) =>
        (await files.FindAsync(attachment.ChannelFileId, cancellationToken))?.StoredPath
            ?? throw new AttachmentUnavailableException("no such web chat upload");
}
