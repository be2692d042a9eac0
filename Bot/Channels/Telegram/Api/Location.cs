namespace ChatIntake.Channels.Telegram.Api;

public sealed record Location(
    double Latitude,
    double Longitude,
    double? HorizontalAccuracy);
