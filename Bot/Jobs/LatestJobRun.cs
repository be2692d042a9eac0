namespace ChatIntake.Jobs;

/// <summary>
/// A job's latest run as stored (table JobRuns, one row per job): every instance of a cluster writes it after a run and
/// every instance's jobs page reads it, wherever Quartz fired the job.
/// </summary>
public sealed class LatestJobRun
{
    public required string Job { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset FinishedAt { get; set; }

    /// <summary>What the run did, or null when it failed.</summary>
    public string? Outcome { get; set; }

    /// <summary>The latest failure, kept through later successful runs so the page still shows what went wrong.</summary>
    public string? LastError { get; set; }

    public int Failures { get; set; }

    /// <summary>Which instance ran it (<see cref="JobRuns.ThisInstance"/>).</summary>
    public required string Instance { get; set; }
}
