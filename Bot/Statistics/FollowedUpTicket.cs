using ChatIntake.Dialogs.Intake;

namespace ChatIntake.Statistics;

/// <summary>A received ticket citizens came back about (asked its status, wrote again, or phoned) while it was open.</summary>
public sealed record FollowedUpTicket(long Id, string TrackingCode, DateTimeOffset CreatedAt, int CategoryId, int? DistrictId, TicketStatus Status, int FollowUps);
