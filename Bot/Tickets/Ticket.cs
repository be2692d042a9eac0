using ChatIntake.Dialogs.Intake;

namespace ChatIntake.Tickets;

public sealed class Ticket
{
    public long Id { get; set; }
    public required string TrackingCode { get; set; }
    public long CitizenId { get; set; }
    public int CategoryId { get; set; }
    public int? DistrictId { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    public string? AddressText { get; set; }
    public required string Description { get; set; }
    public TicketStatus Status { get; set; }

    /// <summary>Problem, complaint, suggestion or thanks: decides its targets and follow-ups (see TicketKinds).</summary>
    public TicketKind Kind { get; set; }
    public TicketPriority Priority { get; set; }
    public required string Channel { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public DateTimeOffset? ResponseDueAt { get; set; }
    public DateTimeOffset? ResolutionDueAt { get; set; }

    /// <summary>The citizen's 1–5 rating, once given.</summary>
    public int? Satisfaction { get; set; }

    /// <summary>The citizen's words with their rating, if any.</summary>
    public string? SatisfactionComment { get; set; }

    /// <summary>When "is it fixed?" was asked (once per resolution; cleared when the ticket is reopened).</summary>
    public DateTimeOffset? SurveySentAt { get; set; }

    /// <summary>When staff were reminded that 75% of the response time was used, with the ticket still new.</summary>
    public DateTimeOffset? ResponseReminderAt { get; set; }

    /// <summary>When supervisors were told the response time had passed with the ticket still new.</summary>
    public DateTimeOffset? ResponseEscalatedAt { get; set; }

    /// <summary>When staff were reminded that 75% of the resolution time was used (cleared when the ticket is reopened).</summary>
    public DateTimeOffset? ReminderSentAt { get; set; }

    /// <summary>When supervisors were told the resolution time had passed (cleared when the ticket is reopened).</summary>
    public DateTimeOffset? EscalatedAt { get; set; }

    /// <summary>When the citizen last got a "still being handled" message.</summary>
    public DateTimeOffset? ProgressNoticeAt { get; set; }
    public long? DuplicateOfId { get; set; }

    /// <summary>The staff member working on it, if assigned.</summary>
    public long? AssigneeId { get; set; }

    /// <summary>The department it was referred to; null means its category's department.</summary>
    public string? Department { get; set; }

    public Citizen? Citizen { get; set; }
    public Category? Category { get; set; }
    public District? District { get; set; }
    public List<TicketEvent> Events { get; set; } = [];
    public List<Attachment> Attachments { get; set; } = [];
}
