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
}
