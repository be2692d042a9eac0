namespace ChatIntake.Channels.Telegram.Api;

public sealed record DeleteWebhookRequest(
    bool DropPendingUpdates = false);
