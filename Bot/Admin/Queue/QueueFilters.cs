using ChatIntake.Dialogs.Intake;
using ChatIntake.Tickets;

namespace ChatIntake.Admin.Queue;

/// <summary>The queue's own filters as composable query parts (open, overdue and the like come from <see cref="TicketRules"/>).</summary>
public static class QueueFilters
{
    /// <summary>The triage view's kinds: open tickets nobody has placed or taken yet, and requests waiting for sign-off.</summary>
    public static IQueryable<Ticket> WhereTriage(this IQueryable<Ticket> tickets, string? kind) => kind switch
    {
        "district" => tickets.WhereOpen().Where(t => t.DistrictId == null),
        "assignee" => tickets.WhereOpen().Where(t => t.AssigneeId == null),
        "signoff" => tickets.Where(t => t.SignOffRequestedAt != null),
        _ => tickets.WhereOpen().Where(t => t.DistrictId == null || t.AssigneeId == null || t.SignOffRequestedAt != null),
    };

    /// <summary>Tickets with citizen messages this staff member has not seen (since they last opened the ticket).</summary>
    public static IQueryable<Ticket> WhereUnreadBy(this IQueryable<Ticket> tickets, IQueryable<TicketRead> reads, long staffId) =>
        tickets.Where(t => t.Events.Any(e => e.Kind == TicketEventKind.CitizenMessage &&
                                             e.Id > reads.Where(r => r.StaffId == staffId && r.TicketId == t.Id).Select(r => r.SeenEventId).FirstOrDefault()));
}
