namespace ChatIntake.Staff;

/// <summary>One staff action: who, what, on which ticket, when.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public long? StaffId { get; set; }
    public required string StaffName { get; set; }
    public required string Action { get; set; }
    public long? TicketId { get; set; }
    public string? Detail { get; set; }
    public string? RemoteAddress { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
