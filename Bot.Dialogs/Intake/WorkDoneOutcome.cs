namespace ChatIntake.Dialogs.Intake;

/// <summary>What became of a field worker's /done CODE with a photo of the finished work.</summary>
public enum WorkDoneOutcome
{
    /// <summary>The chat is not linked to an active staff account.</summary>
    NotStaff = 0,

    /// <summary>No such ticket within the staff member's departments and districts.</summary>
    Unknown = 1,

    /// <summary>No photo came with the command.</summary>
    NeedsPhoto = 2,

    Resolved = 3,

    /// <summary>The photo is attached and the request waits for a supervisor's sign-off.</summary>
    AwaitingSignOff = 4,

    /// <summary>The ticket is not open (already resolved, closed, rejected, merged).</summary>
    NotOpen = 5,

    /// <summary>The photo is attached; a request was already waiting for a supervisor.</summary>
    AlreadyPending = 6,
}
