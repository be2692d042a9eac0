namespace ChatIntake.Channels.Telegram.Api;

/// <summary>Telegram's File: where to download it (valid for at least an hour).</summary>
public sealed record BotFile(
    string FileId,
    string? FileUniqueId,
    long? FileSize,
    string? FilePath);
