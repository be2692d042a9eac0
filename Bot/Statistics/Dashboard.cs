namespace ChatIntake.Statistics;

/// <summary>A period's figures beside the previous period's (whose backlog is the one at this period's start), with the rows they came from.</summary>
public sealed record Dashboard(
    StatisticsPeriod Period,
    IReadOnlyList<TicketFacts> Received,
    Figures Current,
    Figures Previous,
    IReadOnlyList<OpenTicketFacts> Backlog,
    IReadOnlyDictionary<string, int> FollowUpsByWay);
