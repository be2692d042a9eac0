namespace ChatIntake.Channels.Telegram.Api;

public sealed record AnswerCallbackQueryRequest(
    string CallbackQueryId,
    string? Text = null);
