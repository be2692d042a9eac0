namespace ChatIntake.Privacy;

/// <summary>What one privacy retention run removed.</summary>
public sealed record PrivacyRetentionCounts(int Tickets, int Citizens, int OutboxPayloads, int AuditEntries, int Files)
{
    public int Total => Tickets + Citizens + OutboxPayloads + AuditEntries + Files;

    /// <summary>A line for the scheduled-jobs page.</summary>
    public override string ToString() =>
        $"tickets anonymised {Tickets}, inactive citizens erased {Citizens}, delivered message payloads cleared {OutboxPayloads}, audit entries deleted {AuditEntries}, files deleted {Files}";
}
