using ChatIntake.Dialogs.Intake;

namespace ChatIntake.Tickets.Search;

/// <summary>How many tickets have this status, kind, category and district (0 for none): one row of <see cref="TicketCounts"/>.</summary>
public sealed record TicketCount(TicketStatus Status, TicketKind Kind, int CategoryId, int DistrictId, long Count);
