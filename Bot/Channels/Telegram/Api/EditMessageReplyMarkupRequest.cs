namespace ChatIntake.Channels.Telegram.Api;

public sealed record EditMessageReplyMarkupRequest(
    long ChatId,
    long MessageId,
    InlineKeyboardMarkup? ReplyMarkup = null);
