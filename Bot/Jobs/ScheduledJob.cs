namespace ChatIntake.Jobs;

/// <summary>One line of the scheduled-jobs page.</summary>
public sealed record ScheduledJob(string Job, string Trigger, string Schedule, DateTimeOffset? PreviousFire, DateTimeOffset? NextFire, string State, JobRun? LastRun);
