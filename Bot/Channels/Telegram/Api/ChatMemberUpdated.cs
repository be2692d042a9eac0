namespace ChatIntake.Channels.Telegram.Api;

/// <summary>The bot's own membership changed (added to a group, blocked by a user).</summary>
public sealed record ChatMemberUpdated(
    Chat Chat,
    User? From,
    ChatMember? NewChatMember);
