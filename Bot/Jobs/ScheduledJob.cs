namespace ChatIntake.Jobs;

/// <summary>One line of the scheduled-jobs page.</summary>
/// <param name="Schedule">As Quartz states it ("every 00:00:15", a cron); <paramref name="Every"/> and <paramref name="Cron"/> are the same, typed, for the panel to say in words.</param>
public sealed record ScheduledJob(string Job, string Trigger, string Schedule, DateTimeOffset? PreviousFire, DateTimeOffset? NextFire, string State, JobRun? LastRun,
    TimeSpan? Every = null, string? Cron = null);
