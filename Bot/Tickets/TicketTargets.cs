using ChatIntake.Dialogs.Intake;

namespace ChatIntake.Tickets;

/// <summary>A ticket's due times from its category's hours, as its kind allows: thanks has none, a suggestion only a response time.</summary>
public static class TicketTargets
{
    public static (DateTimeOffset? Response, DateTimeOffset? Resolution) From(TicketKind kind, Category category, WorkingCalendar calendar, DateTimeOffset from) =>
        (TicketKinds.HasResponseTarget(kind) ? calendar.AddWorkingHours(from, category.ResponseHours) : null,
         TicketKinds.HasResolutionTarget(kind) ? calendar.AddWorkingHours(from, category.ResolutionHours) : null);
}
