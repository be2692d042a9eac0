namespace ChatIntake.Channels.Telegram.Api;

/// <summary>A reply keyboard button; with <see cref="RequestLocation"/> it sends the device's location.</summary>
public sealed record KeyboardButton(
    string Text,
    bool? RequestLocation = null);
