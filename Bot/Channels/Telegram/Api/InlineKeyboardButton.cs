namespace ChatIntake.Channels.Telegram.Api;

/// <summary>A button attached to a message; <see cref="CallbackData"/> is 1–64 bytes.</summary>
public sealed record InlineKeyboardButton(
    string Text,
    string? CallbackData = null);
