using ChatIntake.Dialogs.Intake;

namespace ChatIntake.Tickets;

/// <summary>One entry of a ticket's thread.</summary>
public sealed class TicketEvent
{
    public long Id { get; set; }
    public long TicketId { get; set; }
    public TicketEventKind Kind { get; set; }

    /// <summary>Who wrote it: "citizen:{id}", "staff:{id}", "agency:{id}" or "system" (kept for older readers; <see cref="ActorKind"/> and <see cref="ActorId"/> say it typed).</summary>
    public required string Author { get; set; }
    public ActorKind ActorKind { get; set; }

    /// <summary>The citizen's, staff member's or agency's id; null for the system.</summary>
    public long? ActorId { get; set; }
    public string? Text { get; set; }
    public TicketStatus? FromStatus { get; set; }
    public TicketStatus? ToStatus { get; set; }

    /// <summary>For a priority, assignee or referral change: the value before, as data (an enum name, a staff or district id, a department), never display text.</summary>
    public string? FromValue { get; set; }

    /// <summary>The value after; see <see cref="FromValue"/>.</summary>
    public string? ToValue { get; set; }

    /// <summary>The message that carried it to the citizen, so staff see whether it was delivered.</summary>
    public long? OutboxMessageId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public List<Attachment> Attachments { get; set; } = [];

    /// <summary>A new entry by <paramref name="actor"/>, with its typed and text authors in step.</summary>
    public static TicketEvent By(TicketActor actor, TicketEventKind kind, DateTimeOffset at, string? text = null) => new()
    {
        Kind = kind,
        Author = actor.Author,
        ActorKind = actor.Kind,
        ActorId = actor.Id,
        Text = text,
        CreatedAt = at,
    };
}
