namespace ChatIntake.Statistics;

/// <summary>
/// A Jalali week of the Gorgan cycle: tickets collected (from the Monday after the last collection to Sunday), field
/// visits Monday–Tuesday, decisions Wednesday, every citizen told by the deadline (the end of Thursday, or of the last
/// working day before it when Thursday is a holiday).
/// </summary>
public sealed record WeeklyCycleReport(DateTime Saturday, DateTimeOffset CollectedFrom, DateTimeOffset CollectedUntil, DateTimeOffset Deadline,
    IReadOnlyList<(DateTime Day, bool Working)> Days, IReadOnlyList<WeeklyCycleRow> Rows)
{
    public int Collected => Rows.Count;

    public int Visited => Rows.Count(r => r.VisitedAt is not null);

    public int Decided => Rows.Count(r => r.DecidedAt is not null);

    public int NotifiedInTime => Rows.Count(r => !r.Missed);

    public IEnumerable<WeeklyCycleRow> Misses => Rows.Where(r => r.Missed);
}
