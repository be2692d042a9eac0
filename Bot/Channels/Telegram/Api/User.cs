namespace ChatIntake.Channels.Telegram.Api;

public sealed record User(
    long Id,
    bool IsBot,
    string? FirstName,
    string? LastName,
    string? Username,
    string? LanguageCode);
