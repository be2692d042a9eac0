namespace ChatIntake.Tickets;

/// <summary>A citizen who reported the same problem and chose to follow this ticket instead of filing a new one.</summary>
public sealed class TicketFollower
{
    public long TicketId { get; set; }
    public long CitizenId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
