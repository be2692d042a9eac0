namespace ChatIntake.Dialogs.Intake;

public enum ReopenOutcome
{
    Unknown,

    /// <summary>Still open: nothing to reopen.</summary>
    StillOpen,

    /// <summary>Closed longer ago than the city allows; a new report is the way.</summary>
    TooLate,

    Reopened,
}
