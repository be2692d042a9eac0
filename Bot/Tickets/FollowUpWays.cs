namespace ChatIntake.Tickets;

/// <summary>How a citizen came back about an open ticket, as a <see cref="TicketEventKind.FollowUp"/> event's ToValue.</summary>
public static class FollowUpWays
{
    public const string Status = "status";
    public const string Phone = "phone";

    /// <summary>The thread's kinds that count as a repeat follow-up: the recorded ones and every message a citizen added.</summary>
    public static readonly TicketEventKind[] Kinds = [TicketEventKind.FollowUp, TicketEventKind.CitizenMessage];
}
