using System.ComponentModel.DataAnnotations;

namespace ChatIntake.Conversations;

/// <summary>Configuration section "Pipeline": how turns are grouped into transactions.</summary>
public sealed class PipelineOptions
{
    /// <summary>Turns of different conversations saved in one transaction; one commit then serves them all.</summary>
    [Range(1, 512)]
    public int MaxTurnsPerCommit { get; set; } = 64;

    /// <summary>Loops taking turns at once. SQLite has one writer, so more than one mostly waits on the other.</summary>
    [Range(1, 64)]
    public int Workers { get; set; } = 1;

    /// <summary>
    /// In a database shared by instances: how long an update may wait unturned before any instance takes it up (its
    /// own instance stopped or died). Longer than a busy instance's backlog, or both work on it (harmless, but wasted).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan OrphanAfter { get; set; } = TimeSpan.FromSeconds(15);
}
