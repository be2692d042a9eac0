namespace ChatIntake.Channels.Telegram.Api;

public sealed record Document(
    string FileId,
    string? FileUniqueId,
    string? FileName,
    string? MimeType,
    long? FileSize);
