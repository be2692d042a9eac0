namespace ChatIntake.Channels.Telegram.Api;

public sealed record SendChatActionRequest(
    long ChatId,
    string Action = "typing");
