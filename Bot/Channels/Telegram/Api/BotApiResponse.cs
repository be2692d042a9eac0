namespace ChatIntake.Channels.Telegram.Api;

/// <summary>The envelope every Bot API answer comes in.</summary>
public sealed record BotApiResponse<T>(bool Ok, T? Result, string? Description, int? ErrorCode, ResponseParameters? Parameters);
