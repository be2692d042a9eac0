namespace ChatIntake.Statistics;

/// <summary>
/// A period's figures beside the previous period's (whose backlog is the one at this period's start), the backlog now,
/// and what the charts and tables break down: received per category, per district (0: none) and per local day (a whole
/// month counted as one is under its first day), and the tickets followed up most. <see cref="Precomputed"/>: read
/// from the daily figures rather than from the tickets.
/// </summary>
public sealed record Dashboard(
    StatisticsPeriod Period,
    Figures Current,
    Figures Previous,
    IReadOnlyDictionary<string, int> FollowUpsByWay,
    IReadOnlyDictionary<int, int> ByCategory,
    IReadOnlyDictionary<int, int> ByDistrict,
    IReadOnlyDictionary<DateTime, int> ByDay,
    IReadOnlyList<FollowedUpTicket> MostFollowedUp,
    bool Precomputed)
{
    /// <summary>How many of the most followed-up tickets the page lists.</summary>
    public const int FollowedUpShown = 10;
}
