namespace ChatIntake.Statistics;

/// <summary>How many received tickets of one district and department have missed their response or resolution target by now, still unanswered or unresolved.</summary>
public sealed record OverdueNow(int? DistrictId, string Department, int Response, int Resolution);
