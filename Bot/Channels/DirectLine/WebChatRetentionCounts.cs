namespace ChatIntake.Channels.DirectLine;

/// <summary>What one web chat retention run deleted.</summary>
public sealed record WebChatRetentionCounts(int Uploads, int Conversations, int Activities)
{
    public int Total => Uploads + Conversations + Activities;

    /// <summary>A line for the scheduled-jobs page.</summary>
    public override string ToString() => $"uploads deleted {Uploads}, idle conversations deleted {Conversations} with {Activities} activities";
}
