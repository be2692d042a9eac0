namespace ChatIntake.Channels.Telegram.Api;

public sealed record BotCommand(
    string Command,
    string Description);
