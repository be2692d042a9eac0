namespace ChatIntake.Statistics;

/// <summary>Tickets counted for one district (null: none) and department in charge.</summary>
internal sealed record UnitCount(int? DistrictId, string Department, int Count);
