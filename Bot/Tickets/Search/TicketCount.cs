using ChatIntake.Dialogs.Intake;

namespace ChatIntake.Tickets.Search;

/// <summary>
/// How many tickets have this status, kind, category, district (0 for none) and department of their own (empty when
/// their category's is in charge): one row of <see cref="TicketCounts"/>.
/// </summary>
public sealed record TicketCount(TicketStatus Status, TicketKind Kind, int CategoryId, int DistrictId, string Department, long Count);
