using ChatIntake.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Staff;

/// <summary>Who answers for a ticket when staff must be told something: its assignee, else the supervisors whose scope holds it, else the administrators.</summary>
public static class TicketResponsibles
{
    /// <param name="skipAssignee">True for an escalation, which goes over the assignee's head to the supervisors.</param>
    public static async Task<List<StaffMember>> FindAsync(IntakeDbContext db, long ticketId, long? assigneeId, bool skipAssignee, IReadOnlyList<StaffMember>? activeStaff, CancellationToken cancellationToken)
    {
        var staff = activeStaff ?? await db.Staff.AsNoTracking().Where(s => s.IsActive).OrderBy(s => s.Id).ToListAsync(cancellationToken);
        if (!skipAssignee && assigneeId is { } assignee && staff.FirstOrDefault(s => s.Id == assignee) is { } member)
        {
            return [member];
        }

        var supervisors = new List<StaffMember>();
        foreach (var candidate in staff.Where(s => s.Role == StaffRole.Supervisor))
        {
            if (await db.Tickets.VisibleTo(candidate).AnyAsync(t => t.Id == ticketId, cancellationToken))
            {
                supervisors.Add(candidate);
            }
        }

        return supervisors.Count > 0 ? supervisors : [.. staff.Where(s => s.Role == StaffRole.Administrator)];
    }
}
