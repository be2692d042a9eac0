using ChatIntake.Data;
using ChatIntake.Tickets;

namespace ChatIntake.Privacy;

/// <summary>Makes the /mydata and /forget desk a citizen's turn works with.</summary>
public sealed class CitizenDataDesks(TicketWorkflow workflow, PlaceholderCitizen placeholder, CitizenDataExport export, TimeProvider time)
{
    public CitizenDataDesk Create(IntakeDbContext db, long citizenId) => new(db, citizenId, workflow, placeholder, export, time);
}
