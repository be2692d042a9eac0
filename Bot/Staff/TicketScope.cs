using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Staff;

/// <summary>
/// Which tickets a staff member may see and act on. Administrators: all. Others: those of their departments (the
/// ticket's referred department, else its category's) and of their districts; with both set, tickets must match both.
/// </summary>
public static class TicketScope
{
    public static IQueryable<Ticket> VisibleTo(this IQueryable<Ticket> tickets, StaffMember staff)
    {
        if (staff.Role == StaffRole.Administrator)
        {
            return tickets;
        }

        var departments = staff.DepartmentList.ToList();
        var districts = staff.DistrictList.ToList();
        if (departments.Count == 0 && districts.Count == 0)
        {
            return tickets.Where(_ => false);
        }

        if (departments.Count > 0)
        {
            tickets = tickets.Where(t => departments.Contains(t.Department ?? t.Category!.Department));
        }

        if (districts.Count > 0)
        {
            tickets = tickets.Where(t => t.DistrictId != null && districts.Contains(t.DistrictId.Value));
        }

        return tickets;
    }

    /// <summary>Whether <paramref name="staff"/> may see the ticket, by the rule above, asked of the database: the check before giving someone a ticket.</summary>
    public static Task<bool> CanSeeAsync(this IQueryable<Ticket> tickets, StaffMember staff, long ticketId, CancellationToken cancellationToken) =>
        tickets.VisibleTo(staff).AnyAsync(t => t.Id == ticketId, cancellationToken);

    /// <summary>The same rule on a loaded ticket (with its category loaded when it has no referred department).</summary>
    public static bool Sees(this StaffMember staff, Ticket ticket) => new[] { ticket }.AsQueryable().VisibleTo(staff).Any();
}
