namespace ChatIntake.Tickets;

/// <summary>An attachment that will never be had: over the size limit, or no longer offered by its channel.</summary>
public sealed class AttachmentUnavailableException(string reason, Exception? inner = null) : Exception(reason, inner);
