namespace ChatIntake.Channels.Telegram.Api;

public sealed record ReplyKeyboardMarkup(
    IReadOnlyList<IReadOnlyList<KeyboardButton>> Keyboard,
    bool ResizeKeyboard = true,
    bool OneTimeKeyboard = true,
    string? InputFieldPlaceholder = null);
