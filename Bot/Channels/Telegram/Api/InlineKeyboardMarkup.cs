namespace ChatIntake.Channels.Telegram.Api;

public sealed record InlineKeyboardMarkup(
    IReadOnlyList<IReadOnlyList<InlineKeyboardButton>> InlineKeyboard);
