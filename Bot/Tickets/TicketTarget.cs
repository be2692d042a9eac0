namespace ChatIntake.Tickets;

/// <summary>A ticket's two service-level targets: someone takes it up (response), and the work is done (resolution).</summary>
public enum TicketTarget
{
    Response = 0,
    Resolution = 1,
}
