namespace ChatIntake.Channels.Telegram.Api;

/// <summary>What a send returns; only the id is kept.</summary>
public sealed record SentMessage(
    long MessageId);
