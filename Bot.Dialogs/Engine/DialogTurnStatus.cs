namespace ChatIntake.Dialogs.Engine;

public enum DialogTurnStatus
{
    /// <summary>The stack was empty: nothing handled the turn.</summary>
    Empty,
    /// <summary>A dialog is waiting for the citizen's next message.</summary>
    Waiting,
    Complete,
    Cancelled,
}
