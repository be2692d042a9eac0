using ChatIntake.Dialogs.Intake;

namespace ChatIntake.Tickets;

/// <summary>
/// Which status changes are allowed, and to whom. Staff run the ticket's life; a citizen may only confirm a resolution
/// (Resolved → Closed) or reopen (Resolved or Closed → InProgress); the jobs may only close a resolution nobody answered.
/// </summary>
public static class TicketTransitions
{
    private static readonly TicketStatus[] Open = [TicketStatus.New, TicketStatus.Referred, TicketStatus.InProgress];

    private static readonly Dictionary<ActorKind, HashSet<(TicketStatus From, TicketStatus To)>> Allowed = new()
    {
        [ActorKind.Staff] =
        [
            // Open work moves freely between the open states, and ends resolved, rejected or as a duplicate.
            .. from f in Open from t in Open.Append(TicketStatus.Resolved).Append(TicketStatus.Rejected).Append(TicketStatus.Duplicate) where f != t select (f, t),
            // A resolution is confirmed (closed) or the work taken up again.
            (TicketStatus.Resolved, TicketStatus.Closed),
            .. from t in Open select (TicketStatus.Resolved, t),
            // Finished tickets (closed, rejected, duplicate) may be reopened by staff.
            .. from f in new[] { TicketStatus.Closed, TicketStatus.Rejected, TicketStatus.Duplicate } from t in Open select (f, t),
        ],
        [ActorKind.Citizen] =
        [
            (TicketStatus.Resolved, TicketStatus.Closed),
            (TicketStatus.Resolved, TicketStatus.InProgress),
            (TicketStatus.Closed, TicketStatus.InProgress),
        ],
        [ActorKind.System] =
        [
            (TicketStatus.Resolved, TicketStatus.Closed),
        ],
        [ActorKind.Agency] = [],
    };

    public static bool IsAllowed(TicketStatus from, TicketStatus to, ActorKind by) =>
        Allowed.TryGetValue(by, out var allowed) && allowed.Contains((from, to));

    /// <summary>Every allowed change, for the tests and for whoever shows the choices.</summary>
    public static IEnumerable<(TicketStatus From, TicketStatus To, ActorKind By)> All =>
        Allowed.SelectMany(a => a.Value.Select(p => (p.From, p.To, a.Key)));

    /// <summary>The statuses <paramref name="by"/> may move a ticket in <paramref name="from"/> to.</summary>
    public static IReadOnlyList<TicketStatus> Targets(TicketStatus from, ActorKind by) =>
        [.. Enum.GetValues<TicketStatus>().Where(to => IsAllowed(from, to, by))];

    /// <summary>Throws <see cref="TicketRefusedException"/> when the change is not allowed.</summary>
    public static void Check(TicketStatus from, TicketStatus to, ActorKind by)
    {
        if (from == to)
        {
            throw new TicketRefusedException(TicketRefusal.SameStatus, from, to);
        }

        if (!IsAllowed(from, to, by))
        {
            throw new TicketRefusedException(TicketRefusal.NotAllowed, from, to);
        }
    }
}
