namespace ChatIntake.Jobs;

/// <summary>What one follow-up run did.</summary>
public sealed record FollowUpCounts(int Surveys, int Closed, int ProgressNotices, int Nudged, int Expired, int UpdatesPruned = 0, int StaffReminded = 0, int Escalated = 0, int AgenciesChased = 0)
{
    public int Total => Surveys + Closed + ProgressNotices + Nudged + Expired + StaffReminded + Escalated + AgenciesChased;

    /// <summary>A line for the scheduled-jobs page.</summary>
    public override string ToString() =>
        $"asked if fixed {Surveys}, closed {Closed}, still-in-hand {ProgressNotices}, reminded {Nudged}, dropped {Expired}, staff reminded {StaffReminded}, escalated {Escalated}, old updates deleted {UpdatesPruned}, agencies to chase {AgenciesChased}";
}
