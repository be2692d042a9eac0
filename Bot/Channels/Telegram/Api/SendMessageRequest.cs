namespace ChatIntake.Channels.Telegram.Api;

public sealed record SendMessageRequest(
    long ChatId,
    string Text,
    string? ParseMode = null,
    object? ReplyMarkup = null,
    LinkPreviewOptions? LinkPreviewOptions = null);
