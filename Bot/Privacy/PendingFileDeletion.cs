namespace ChatIntake.Privacy;

/// <summary>
/// A stored file to delete, written in the same commit that stopped anything pointing at it; the file goes after the
/// commit, and a restart in between finds the row and deletes it then.
/// </summary>
public sealed class PendingFileDeletion
{
    public long Id { get; set; }

    /// <summary>Relative to the attachment folder, as <see cref="Tickets.Attachment.StoredPath"/> holds it.</summary>
    public required string StoredPath { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
