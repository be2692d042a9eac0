using ChatIntake.Dialogs.Intake;

namespace ChatIntake.Statistics;

/// <summary>
/// What one ticket adds to the daily figures: to its received day's cell (<see cref="Day"/>), everything the period
/// figures count; to its finish day's cell (<see cref="FinishDay"/>), one finished ticket for the backlog at any day's
/// start. Folded tickets keep theirs, so a change is applied as "minus the old, plus the new".
/// </summary>
public sealed record TicketContribution(
    long TicketId,
    int Day,
    int? FinishDay,
    TicketKind Kind,
    int CategoryId,
    string Department,
    int DistrictId,
    string Channel,
    int? ResponseMinutes,
    bool ResponseJudged,
    bool ResponseMet,
    int? ResolutionMinutes,
    bool ResolutionJudged,
    bool ResolutionMet,
    int? AgencyHeldMinutes,
    bool Reopened,
    int FollowUps,
    string Ways,
    int? Satisfaction)
{
    public CellKey Key => new(Day, Kind, CategoryId, Department, DistrictId, Channel);

    /// <summary>Flags as stored: response judged 1, met 2; resolution judged 4, met 8; reopened 16.</summary>
    public int Flags => (ResponseJudged ? 1 : 0) | (ResponseMet ? 2 : 0) | (ResolutionJudged ? 4 : 0) | (ResolutionMet ? 8 : 0) | (Reopened ? 16 : 0);
}
