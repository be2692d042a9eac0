namespace ChatIntake.Statistics;

/// <summary>How many open tickets now share a district, department in charge, outside agency holding them and age band (<see cref="Figures.AgeBands"/>).</summary>
public sealed record OpenTicketCount(int? DistrictId, string Department, int? AgencyId, int Band, int Count);
