namespace ChatIntake.Channels.Telegram.Api;

/// <summary>A message. Dates are read as numbers only (some emulators send milliseconds).</summary>
public sealed record Message(
    long MessageId,
    User? From,
    Chat Chat,
    long Date,
    string? Text,
    IReadOnlyList<MessageEntity>? Entities,
    string? Caption,
    IReadOnlyList<PhotoSize>? Photo,
    Voice? Voice,
    Document? Document,
    Location? Location,
    Venue? Venue,
    Contact? Contact,
    string? MediaGroupId,
    InlineKeyboardMarkup? ReplyMarkup);
