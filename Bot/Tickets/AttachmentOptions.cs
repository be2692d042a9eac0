namespace ChatIntake.Tickets;

/// <summary>Configuration section "Attachments".</summary>
public sealed class AttachmentOptions
{
    /// <summary>Where citizens' photos are kept; empty means an "attachments" folder beside the SQLite database.</summary>
    public string? Folder { get; set; }
}
