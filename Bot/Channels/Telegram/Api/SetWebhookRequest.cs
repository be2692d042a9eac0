namespace ChatIntake.Channels.Telegram.Api;

/// <summary><see cref="SecretToken"/> comes back in the X-Telegram-Bot-Api-Secret-Token header of every call.</summary>
public sealed record SetWebhookRequest(
    string Url,
    string? SecretToken,
    IReadOnlyList<string>? AllowedUpdates,
    bool DropPendingUpdates = false);
