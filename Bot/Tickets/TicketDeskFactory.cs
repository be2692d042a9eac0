using ChatIntake.Data;
using ChatIntake.Dialogs.Intake;

namespace ChatIntake.Tickets;

/// <summary>Makes the desk a citizen's turn works with, so the turn processor need not carry what the desk needs.</summary>
public sealed class TicketDeskFactory(
    TicketWorkflow workflow,
    CategoryCatalog categories,
    ServiceArea serviceArea,
    TrackingCodeGenerator codes,
    IntakeOptions options,
    WorkingCalendar calendar,
    TimeProvider time)
{
    public TicketDesk Create(IntakeDbContext db, Citizen citizen, NearbyTicketFinder nearby) =>
        new(db, citizen, workflow, categories, serviceArea, codes, options, nearby, calendar, time);
}
