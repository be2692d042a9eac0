namespace ChatIntake.Tickets;

public enum TicketEventKind
{
    CitizenMessage = 0,
    StaffReply = 1,
    InternalNote = 2,
    StatusChange = 3,
    SystemMessage = 4,
}
