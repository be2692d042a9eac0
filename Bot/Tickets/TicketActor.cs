using ChatIntake.Staff;

namespace ChatIntake.Tickets;

/// <summary>Who asks for a change: a citizen, a staff member, the system's jobs or an outside agency, with their id.</summary>
public sealed record TicketActor(ActorKind Kind, long? Id, string? Name = null)
{
    public static TicketActor System { get; } = new(ActorKind.System, null);

    public static TicketActor Citizen(long citizenId) => new(ActorKind.Citizen, citizenId);

    public static TicketActor Staff(StaffMember staff) => new(ActorKind.Staff, staff.Id, staff.UserName);

    public static TicketActor Agency(long agencyId, string? name = null) => new(ActorKind.Agency, agencyId, name);

    /// <summary>The thread's older text form ("citizen:{id}", "staff:{id}", "agency:{id}", "system"), still written for readers of old rows.</summary>
    public string Author => Kind switch
    {
        ActorKind.Citizen => $"citizen:{Id}",
        ActorKind.Staff => $"staff:{Id}",
        ActorKind.Agency => $"agency:{Id}",
        _ => "system",
    };
}
