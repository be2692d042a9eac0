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

    // Numbered apart from the kinds above, so other kinds added meanwhile keep their own numbers.

    /// <summary>Handed to an outside agency (its resolution clock paused): ToValue holds "agencyId|expected yyyy-MM-dd", Text its reference number.</summary>
    AgencyReferred = 20,

    /// <summary>The agency's answer, recorded by staff, returned it to the municipality: the actor is the agency, FromValue its id, ToValue the working minutes it held the ticket, Text the answer.</summary>
    AgencyAnswered = 21,

    // Completion verified before Resolved (numbered apart from other additions, so merges cannot give two kinds one number).

    /// <summary>Staff attached the photo of the finished work; its attachment is on the event.</summary>
    AfterPhotoAdded = 40,

    /// <summary>Staff asked to resolve a sign-off category; the ticket waits for a supervisor. Text holds their note.</summary>
    SignOffRequested = 41,

    /// <summary>A supervisor approved the request (a resolution follows); FromValue holds the requester's staff id.</summary>
    SignedOff = 42,

    /// <summary>A supervisor sent the request back; Text holds the reason, ToValue the requester's staff id.</summary>
    SentBack = 43,

    // Statistics: follow-ups and the weekly cycle (numbered apart from other additions).

    /// <summary>A citizen came back about a still-open ticket: ToValue holds how ("status" asked, "phone" call logged by staff); a message they add is its own CitizenMessage.</summary>
    FollowUp = 60,

    /// <summary>Staff recorded a field visit to the ticket's place; Text holds what they found.</summary>
    FieldVisit = 61,

    // Staff corrections of the place (numbered apart from other additions).

    /// <summary>Staff corrected the ticket's place: FromValue/ToValue hold "latitude,longitude|districtId" (either part empty).</summary>
    PlaceCorrected = 80,
}
