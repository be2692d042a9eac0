namespace ChatIntake.Channels.Telegram.Api;

/// <summary>A press on an inline button. <see cref="Message"/> is missing or has date 0 when too old.</summary>
public sealed record CallbackQuery(
    string Id,
    User From,
    Message? Message,
    string? Data);
