namespace ChatIntake.Channels.Telegram.Api;

/// <summary>Why a call failed, in a way a program can act on.</summary>
public sealed record ResponseParameters(
    int? RetryAfter,
    long? MigrateToChatId);
