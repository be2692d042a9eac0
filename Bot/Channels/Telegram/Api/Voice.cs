namespace ChatIntake.Channels.Telegram.Api;

public sealed record Voice(
    string FileId,
    string? FileUniqueId,
    int Duration,
    string? MimeType,
    long? FileSize);
