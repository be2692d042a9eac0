namespace ChatIntake.Tickets;

public enum TicketEventKind
{
    CitizenMessage = 0,
    StaffReply = 1,
    InternalNote = 2,
    StatusChange = 3,
    SystemMessage = 4,

    /// <summary>Assignee changed: FromValue/ToValue hold staff ids (null for nobody).</summary>
    Assigned = 5,

    /// <summary>Priority changed: FromValue/ToValue hold <see cref="TicketPriority"/> names.</summary>
    PriorityChanged = 6,

    /// <summary>Referred without a status change: ToValue holds "department" and/or "#districtId" joined by '|'.</summary>
    Referred = 7,

    /// <summary>The citizen rated the service: ToValue holds the rating 1–5, Text their words.</summary>
    Rated = 8,
}
