namespace ChatIntake.Statistics;

/// <summary>An open ticket in the backlog now: its age, where it is and who holds it.</summary>
public sealed record OpenTicketFacts(long Id, DateTimeOffset CreatedAt, int CategoryId, string Department, int? DistrictId, int? AgencyId, double? Latitude, double? Longitude);
