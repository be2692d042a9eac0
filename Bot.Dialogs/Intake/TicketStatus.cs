namespace ChatIntake.Dialogs.Intake;

/// <summary>The ticket lifecycle: New → Referred → InProgress → Resolved → Closed, plus Rejected and Duplicate.</summary>
public enum TicketStatus
{
    New = 0,
    Referred = 1,
    InProgress = 2,
    Resolved = 3,
    Closed = 4,
    Rejected = 5,
    Duplicate = 6,
}
