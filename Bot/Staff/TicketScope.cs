using ChatIntake.Tickets;

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
}
