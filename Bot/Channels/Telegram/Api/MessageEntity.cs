namespace ChatIntake.Channels.Telegram.Api;

/// <summary>A marked span; <see cref="Type"/> is text so entity kinds added later parse fine.</summary>
public sealed record MessageEntity(
    string? Type,
    int Offset,
    int Length);
