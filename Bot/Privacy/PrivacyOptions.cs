using System.ComponentModel.DataAnnotations;

namespace ChatIntake.Privacy;

/// <summary>Configuration section "Privacy": how long personal data is kept, and the job that removes it.</summary>
public sealed class PrivacyOptions
{
    /// <summary>The retention job runs unless this is set to false explicitly (then nothing personal is ever removed by age).</summary>
    public bool RetentionEnabled { get; set; } = true;

    /// <summary>Closed tickets (closed, rejected, merged) older than this are anonymised: only their figures remain.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan AnonymiseClosedAfter { get; set; } = TimeSpan.FromDays(730);

    /// <summary>Delivered (or finally failed) outgoing messages keep their words and chat id this long, for staff to check delivery; then only the delivery state remains.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan KeepDeliveredOutboxFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Audit entries (staff actions with their words, sign-in addresses) are deleted after this long.</summary>
    [Range(typeof(TimeSpan), "30.00:00:00", "3650.00:00:00")]
    public TimeSpan KeepAuditFor { get; set; } = TimeSpan.FromDays(730);

    /// <summary>How often the retention job looks for what is due.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Tickets anonymised per run, each in its own transaction; a backlog clears over a few runs.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 200;
}
