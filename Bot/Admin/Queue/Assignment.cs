using System.Globalization;
using ChatIntake.Admin.Texts;
using ChatIntake.Data;
using ChatIntake.Staff;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Admin.Queue;

/// <summary>Who a staff member may give a ticket to: one rule for the ticket page and the queue's bulk action.</summary>
public static class Assignment
{
    /// <summary>The person an assignee choice names ("me", "" for nobody, or a staff id); Known is false when it names nobody active.</summary>
    public static async Task<(bool Known, StaffMember? Person)> ResolveAsync(IntakeDbContext db, StaffMember me, string? assignee, CancellationToken cancellationToken)
    {
        long? to = assignee switch
        {
            null or "" => null,
            "me" => me.Id,
            var s when long.TryParse(s, CultureInfo.InvariantCulture, out var staffId) => staffId,
            _ => -1,
        };
        if (to is not { } id)
        {
            return (true, null);
        }

        var person = await db.Staff.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id && s.IsActive, cancellationToken);
        return (person is not null, person);
    }

    /// <summary>Why <paramref name="me"/> may not give <paramref name="ticket"/> to <paramref name="person"/>, in the panel's words; null when they may.</summary>
    public static async Task<string?> RefusalAsync(IntakeDbContext db, AdminText texts, StaffMember me, Ticket ticket, StaffMember? person, CancellationToken cancellationToken)
    {
        if (person is not null && !await db.Tickets.CanSeeAsync(person, ticket.Id, cancellationToken))
        {
            return texts.Format("error.assignOutOfScope", person.DisplayName);
        }

        // Agents take work for themselves (or give back their own); assigning others is a supervisor's call.
        if (me.Role == StaffRole.Agent && person?.Id != me.Id && !(person is null && ticket.AssigneeId == me.Id) && ticket.AssigneeId != person?.Id)
        {
            return texts["error.agentAssign"];
        }

        return null;
    }
}
