namespace ChatIntake.Channels.Telegram.Api;

/// <summary>A photo by file_id or URL (an upload from disk is not needed yet).</summary>
public sealed record SendPhotoRequest(
    long ChatId,
    string Photo,
    string? Caption = null,
    string? ParseMode = null,
    object? ReplyMarkup = null);
