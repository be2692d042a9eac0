namespace ChatIntake.Statistics;

/// <summary>One collected ticket's way through the week: when it was visited, decided and its citizen told (null: not yet); missed when not told by the deadline.</summary>
public sealed record WeeklyCycleRow(long Id, string TrackingCode, DateTimeOffset CreatedAt, int CategoryId, int? DistrictId,
    DateTimeOffset? VisitedAt, DateTimeOffset? DecidedAt, DateTimeOffset? NotifiedAt, bool Missed);
