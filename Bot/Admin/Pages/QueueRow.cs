using ChatIntake.Dialogs.Intake;
using ChatIntake.Tickets;

namespace ChatIntake.Admin.Pages;

/// <summary>One line of the queue.</summary>
public sealed record QueueRow(
    long Id, string TrackingCode, TicketStatus Status, TicketPriority Priority, int CategoryId, int? DistrictId, long? AssigneeId, string Description,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? ResponseDueAt, DateTimeOffset? ResolutionDueAt, bool AwaitsStaff,
    TicketKind Kind = TicketKind.Problem,
    string? AgencyFa = null, string? AgencyEn = null,
    DateTimeOffset? FirstResponseAt = null,
    int Unread = 0)
{
    /// <summary>An outside agency holds it: its clock is paused, so it is never "due soon".</summary>
    public bool WithAgency => AgencyFa is not null;
}
