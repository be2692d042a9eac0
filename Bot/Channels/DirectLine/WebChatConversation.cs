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

    /// <summary>When the page last read the log (written at most once a minute); staff see from it whether the citizen still comes back.</summary>
    public DateTimeOffset? LastSeenAt { get; set; }

    /// <summary>The highest watermark the page sent back: every activity up to it has been fetched by the citizen's page.</summary>
    public long SeenWatermark { get; set; }
}
