namespace ChatIntake.Statistics;

/// <summary>
/// One period's figures for a set of tickets (the whole scope, or one district, department or agency of the league).
/// Times are working hours on the city's calendar; shares are 0–1; null where nothing was there to measure.
/// </summary>
public sealed record Figures(
    int Received,
    int Backlog,
    IReadOnlyList<int> BacklogAges,
    double? ResponseMedianHours,
    double? ResponseP90Hours,
    double? ResolutionMedianHours,
    double? ResolutionP90Hours,
    double? ResponseWithinTarget,
    double? ResolutionWithinTarget,
    double? ReopenRate,
    double? SatisfactionAverage,
    IReadOnlyList<int> SatisfactionCounts,
    int FollowUps,
    int TicketsFollowedUp,
    IReadOnlyDictionary<string, int> Channels,
    double? AgencyHeldMedianHours)
{
    /// <summary>Upper bounds (in days) of the backlog's age bands; the last band is everything older.</summary>
    public static readonly int[] AgeBands = [1, 3, 7, 30];

    public double? ChannelShare(string channel) => Received == 0 ? null : (double)Channels.GetValueOrDefault(channel) / Received;
}
