namespace ChatIntake.Channels.Telegram.Api;

public sealed record PhotoSize(
    string FileId,
    string? FileUniqueId,
    int Width,
    int Height,
    long? FileSize);
