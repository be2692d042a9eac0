namespace ChatIntake.Jobs;

/// <summary>A job's latest run: when, what it did (or null when it failed), its latest failure with the count so far, and which instance ran it.</summary>
public sealed record JobRun(DateTimeOffset StartedAt, DateTimeOffset FinishedAt, string? Outcome, string? LastError, int Failures, string? Instance = null);
