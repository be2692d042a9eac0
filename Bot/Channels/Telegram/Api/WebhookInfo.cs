namespace ChatIntake.Channels.Telegram.Api;

public sealed record WebhookInfo(
    string? Url,
    bool HasCustomCertificate,
    int PendingUpdateCount,
    long? LastErrorDate,
    string? LastErrorMessage,
    int? MaxConnections,
    IReadOnlyList<string>? AllowedUpdates);
