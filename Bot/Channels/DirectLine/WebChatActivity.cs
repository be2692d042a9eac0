namespace ChatIntake.Channels.DirectLine;

/// <summary>One entry of a conversation's activity log, as clients read it (the user's own messages echoed, and the bot's).</summary>
public sealed class WebChatActivity
{
    public long Id { get; set; }
    public required string ConversationId { get; set; }
    public long Sequence { get; set; }

    /// <summary>The client's own id for a message it sent (channelData.clientActivityID): a resent post is recognised.</summary>
    public string? ClientActivityId { get; set; }

    /// <summary>The Bot Framework activity JSON as served.</summary>
    public required string Json { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
