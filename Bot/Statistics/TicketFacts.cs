using ChatIntake.Dialogs.Intake;
using ChatIntake.Tickets;

namespace ChatIntake.Statistics;

/// <summary>What the figures need of one ticket received in a period, read in one query. <see cref="EndedAt"/> is when it stopped being open, as the backlog at a past moment reads it (resolved, else closed).</summary>
public sealed record TicketFacts(
    long Id,
    string TrackingCode,
    DateTimeOffset CreatedAt,
    TicketStatus Status,
    TicketKind Kind,
    int CategoryId,
    string Department,
    int? DistrictId,
    string Channel,
    DateTimeOffset? FirstResponseAt,
    DateTimeOffset? ResponseDueAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? ResolutionDueAt,
    TimeSpan AgencyHeldFor,
    int? Satisfaction,
    bool Reopened,
    int FollowUps,
    DateTimeOffset? EndedAt)
{
    /// <summary>Outside agencies it was referred to at any time (filled after the main query).</summary>
    public IReadOnlyList<int> Agencies { get; init; } = [];

    /// <summary>Counted among the target misses now: its response (or resolution) target passed unmet (set from TicketRules after the main query).</summary>
    public bool ResponseOverdue { get; init; }

    public bool ResolutionOverdue { get; init; }
}
