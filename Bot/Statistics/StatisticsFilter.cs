using ChatIntake.Dialogs.Intake;

namespace ChatIntake.Statistics;

/// <summary>The dashboard's filters; null means any.</summary>
public sealed record StatisticsFilter(TicketKind? Kind = null, int? CategoryId = null, string? Department = null, int? DistrictId = null, string? Channel = null)
{
    public static StatisticsFilter None { get; } = new();
}
