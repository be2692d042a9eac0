namespace ChatIntake.Tickets;

/// <summary>Why the workflow refused a change; each entry point words it for its reader.</summary>
public enum TicketRefusal
{
    /// <summary>The table of transitions does not allow this change to this actor.</summary>
    NotAllowed = 0,
    SameStatus = 1,
    ReasonRequired = 2,

    /// <summary>The ticket is not in a state this operation applies to (e.g. rating an open ticket).</summary>
    WrongState = 3,

    /// <summary>The category needs a photo of the finished work before it is resolved.</summary>
    AfterPhotoRequired = 40,

    /// <summary>The category needs a supervisor's sign-off, and this actor may not give it (an agent, or a supervisor of another scope).</summary>
    SignOffRequired = 41,

    /// <summary>A sign-off decision on a ticket with no pending request.</summary>
    NotAwaitingSignOff = 42,

    /// <summary>A request to resolve is already waiting for a supervisor.</summary>
    SignOffPending = 43,

    /// <summary>The ticket's citizen was erased (or the ticket anonymised): there is nobody to reply to.</summary>
    CitizenErased = 60,

    /// <summary>A corrected point lies outside every district of the service area.</summary>
    OutsideServiceArea = 80,
}
