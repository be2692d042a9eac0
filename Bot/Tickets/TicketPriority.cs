namespace ChatIntake.Tickets;

public enum TicketPriority
{
    Normal = 0,
    High = 1,
    Urgent = 2,
    Low = -1,
}
