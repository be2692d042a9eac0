using ChatIntake.Dialogs.Intake;

namespace ChatIntake.Tickets;

/// <summary>One entry of a ticket's thread.</summary>
public sealed class TicketEvent
{
    public long Id { get; set; }
    public long TicketId { get; set; }
    public TicketEventKind Kind { get; set; }

    /// <summary>Who wrote it: "citizen:{id}", "staff:{id}" or "system".</summary>
    public required string Author { get; set; }
    public string? Text { get; set; }
    public TicketStatus? FromStatus { get; set; }
    public TicketStatus? ToStatus { get; set; }

    /// <summary>The message that carried it to the citizen, so staff see whether it was delivered.</summary>
    public long? OutboxMessageId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<Attachment> Attachments { get; set; } = [];
}
