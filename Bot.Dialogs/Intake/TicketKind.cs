namespace ChatIntake.Dialogs.Intake;

/// <summary>What a citizen brings: a problem to fix, a complaint about a service or a staff member's conduct, a suggestion, or thanks.</summary>
public enum TicketKind
{
    Problem = 0,
    Complaint = 1,
    Suggestion = 2,
    Appreciation = 3,
}
