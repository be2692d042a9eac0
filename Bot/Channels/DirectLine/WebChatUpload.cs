namespace ChatIntake.Channels.DirectLine;

/// <summary>A file a citizen uploaded in the web chat; kept in the attachment store under "webchat/".</summary>
public sealed class WebChatUpload
{
    public required string Id { get; set; }
    public required string ConversationId { get; set; }
    public required string ContentType { get; set; }
    public string? Name { get; set; }
    public long Size { get; set; }
    public required string StoredPath { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
