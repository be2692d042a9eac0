namespace ChatIntake.Jobs;

/// <summary>A job's latest run: when, what it did (or null when it failed), and its latest failure with the count so far.</summary>
public sealed record JobRun(DateTimeOffset StartedAt, DateTimeOffset FinishedAt, string? Outcome, string? LastError, int Failures);
