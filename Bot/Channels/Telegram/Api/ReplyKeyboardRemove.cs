namespace ChatIntake.Channels.Telegram.Api;

public sealed record ReplyKeyboardRemove(
    bool RemoveKeyboard = true);
