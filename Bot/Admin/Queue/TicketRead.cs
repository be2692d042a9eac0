namespace ChatIntake.Admin.Queue;

/// <summary>How far a staff member has read a ticket's thread: citizen messages after <see cref="SeenEventId"/> are unread for them.</summary>
public sealed class TicketRead
{
    public long StaffId { get; set; }
    public long TicketId { get; set; }
    public long SeenEventId { get; set; }
    public DateTimeOffset SeenAt { get; set; }
}
