namespace ChatIntake.Channels.Telegram.Api;

public sealed record Venue(
    Location Location,
    string? Title,
    string? Address);
