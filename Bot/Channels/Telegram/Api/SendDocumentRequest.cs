namespace ChatIntake.Channels.Telegram.Api;

/// <summary>A document the channel makes when it sends (a citizen's data copy): the reference names it, the caption goes with it.</summary>
public sealed record SendDocumentRequest(long ChatId, string Document, string? FileName, string? ContentType, string? Caption);
