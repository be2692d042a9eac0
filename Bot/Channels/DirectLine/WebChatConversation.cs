namespace ChatIntake.Channels.DirectLine;

/// <summary>A web chat conversation: one browser session's chat with the bot.</summary>
public sealed class WebChatConversation
{
    public required string Id { get; set; }

    /// <summary>The citizen's id in this conversation, carried in its tokens (reserved "dl_" prefix).</summary>
    public required string UserId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the last activity (the citizen's or the bot's) was added; retention deletes conversations idle too long.</summary>
    public DateTimeOffset LastActivityAt { get; set; }

    /// <summary>The sequence number the next activity gets; the watermark clients page by.</summary>
    public long NextSequence { get; set; } = 1;
}
