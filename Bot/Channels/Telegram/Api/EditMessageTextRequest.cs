namespace ChatIntake.Channels.Telegram.Api;

public sealed record EditMessageTextRequest(
    long ChatId,
    long MessageId,
    string Text,
    string? ParseMode = null,
    InlineKeyboardMarkup? ReplyMarkup = null);
