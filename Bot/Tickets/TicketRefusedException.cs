using ChatIntake.Dialogs.Intake;

namespace ChatIntake.Tickets;

/// <summary>A change the workflow does not allow; nothing was changed. Entry points turn it into a message, never a 500.</summary>
public sealed class TicketRefusedException(TicketRefusal reason, TicketStatus from, TicketStatus? to)
    : InvalidOperationException($"Ticket change refused ({reason}): {from} → {to?.ToString() ?? "-"}.")
{
    public TicketRefusal Reason { get; } = reason;
    public TicketStatus From { get; } = from;
    public TicketStatus? To { get; } = to;
}
