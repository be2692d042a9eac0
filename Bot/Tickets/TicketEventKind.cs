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

    // Completion verified before Resolved (numbered apart from other additions, so merges cannot give two kinds one number).

    /// <summary>Staff attached the photo of the finished work; its attachment is on the event.</summary>
    AfterPhotoAdded = 40,

    /// <summary>Staff asked to resolve a sign-off category; the ticket waits for a supervisor. Text holds their note.</summary>
    SignOffRequested = 41,

    /// <summary>A supervisor approved the request (a resolution follows); FromValue holds the requester's staff id.</summary>
    SignedOff = 42,

    /// <summary>A supervisor sent the request back; Text holds the reason, ToValue the requester's staff id.</summary>
    SentBack = 43,
}
