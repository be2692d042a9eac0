namespace ChatIntake.Channels.Telegram.Api;

public sealed record GetFileRequest(
    string FileId);
