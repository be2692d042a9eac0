namespace ChatIntake.Tickets;

/// <summary>Who made a change to a ticket.</summary>
public enum ActorKind
{
    System = 0,
    Citizen = 1,
    Staff = 2,
    Agency = 3,
}
