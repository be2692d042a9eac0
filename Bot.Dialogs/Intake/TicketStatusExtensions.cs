namespace ChatIntake.Dialogs.Intake;

public static class TicketStatusExtensions
{
    /// <summary>Open means staff still have work to do on it.</summary>
    public static bool IsOpen(this TicketStatus status) =>
        status is TicketStatus.New or TicketStatus.Referred or TicketStatus.InProgress;
}
