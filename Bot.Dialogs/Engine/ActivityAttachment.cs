namespace ChatIntake.Dialogs.Engine;

/// <param name="Kind">One of <see cref="AttachmentKinds"/>.</param>
/// <param name="FileId">The channel's id for the file (Telegram file_id, Direct Line upload id).</param>
public sealed record ActivityAttachment(string Kind, string FileId, string? ContentType = null, long? Size = null, string? Name = null);
