using ChatIntake.Dialogs.Intake;

namespace ChatIntake.Tickets;

/// <summary>Starts a ticket's due times from its category's hours, as its kind allows: thanks has none, a suggestion only a response time.</summary>
public static class TicketTargets
{
    public static void Start(Ticket ticket, Category category, WorkingCalendar calendar, DateTimeOffset from)
    {
        ticket.ResponseDueAt = TicketKinds.HasResponseTarget(ticket.Kind) ? calendar.AddWorkingHours(from, category.ResponseHours) : null;
        ticket.ResolutionDueAt = TicketKinds.HasResolutionTarget(ticket.Kind) ? calendar.AddWorkingHours(from, category.ResolutionHours) : null;
    }
}
