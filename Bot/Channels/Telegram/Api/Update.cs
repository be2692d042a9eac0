namespace ChatIntake.Channels.Telegram.Api;

/// <summary>An incoming update. Only the kinds we read are modelled; any other kind parses with all of these null.</summary>
public sealed record Update(
    long UpdateId,
    Message? Message,
    Message? EditedMessage,
    CallbackQuery? CallbackQuery,
    ChatMemberUpdated? MyChatMember);
