namespace ChatIntake.Channels.Telegram.Api;

public sealed record LinkPreviewOptions(
    bool IsDisabled = true);
