namespace ChatIntake.Channels.Telegram.Api;

/// <summary>A chat; <see cref="Type"/> is kept as text so a new kind never breaks parsing.</summary>
public sealed record Chat(
    long Id,
    string? Type,
    string? Title,
    string? Username);
