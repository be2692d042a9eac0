namespace ChatIntake.Channels.Telegram.Api;

public sealed record ChatMember(
    string? Status);
