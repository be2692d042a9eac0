namespace ChatIntake.Channels.Telegram.Api;

/// <summary>One command menu; <see cref="LanguageCode"/> picks who sees it (null: everyone else).</summary>
public sealed record SetMyCommandsRequest(
    IReadOnlyList<BotCommand> Commands,
    string? LanguageCode = null);
