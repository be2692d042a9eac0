namespace ChatIntake.Jobs;

/// <summary>What one follow-up run did.</summary>
public sealed record FollowUpCounts(int Surveys, int Closed, int ProgressNotices)
{
    public int Total => Surveys + Closed + ProgressNotices;
}
