using ChatIntake.Dialogs.Intake;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Statistics;

/// <summary>Builds the <see cref="WeeklyCycleReport"/> of a week from the tickets' events: field visits, decisions and what the citizen was told.</summary>
public sealed class WeeklyCycle(WorkingCalendar calendar)
{
    /// <summary>The week starting on the Saturday of <paramref name="anyDay"/> (a local date), for the tickets of <paramref name="scope"/>.</summary>
    public async Task<WeeklyCycleReport> ReportAsync(IQueryable<Ticket> scope, DateTime anyDay, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var zone = calendar.Zone;
        var saturday = StatisticsPeriod.SaturdayOf(anyDay);
        var from = StatisticsPeriod.At(saturday.AddDays(-5), zone);
        var until = StatisticsPeriod.At(saturday.AddDays(2), zone);
        var days = Enumerable.Range(0, 7).Select(i => saturday.AddDays(i)).Select(d => (d, calendar.IsWorkingDay(d))).ToList();
        // Told "by Thursday": by the end of Thursday, or of the last working day before it if Thursday is a holiday.
        var lastDay = Enumerable.Range(0, 6).Select(i => saturday.AddDays(5 - i)).FirstOrDefault(d => calendar.IsWorkingDay(d), saturday.AddDays(5));
        var deadline = StatisticsPeriod.At(lastDay.AddDays(1), zone);

        var collected = await scope.Where(t => t.CreatedAt >= from && t.CreatedAt < until)
            .OrderBy(t => t.CreatedAt).ThenBy(t => t.Id)
            .Select(t => new { t.Id, t.TrackingCode, t.CreatedAt, t.CategoryId, t.DistrictId })
            .ToListAsync(cancellationToken);
        var events = await scope.Where(t => t.CreatedAt >= from && t.CreatedAt < until)
            .SelectMany(t => t.Events.Where(e =>
                e.Kind == TicketEventKind.FieldVisit || e.Kind == TicketEventKind.StaffReply || e.Kind == TicketEventKind.AgencyReferred ||
                e.Kind == TicketEventKind.AgencyAnswered || (e.Kind == TicketEventKind.StatusChange && e.ActorKind != ActorKind.Citizen && e.ToStatus != TicketStatus.New)))
            .Select(e => new { e.TicketId, e.Kind, e.ToStatus, e.CreatedAt })
            .ToListAsync(cancellationToken);
        var byTicket = events.ToLookup(e => e.TicketId);
        var rows = collected.Select(t =>
        {
            var mine = byTicket[t.Id].OrderBy(e => e.CreatedAt).ToList();
            var visited = mine.FirstOrDefault(e => e.Kind == TicketEventKind.FieldVisit)?.CreatedAt;
            // A decision: the ticket finished (resolved, rejected, merged, closed) or handed to the body that decides.
            var decided = mine.FirstOrDefault(e => e.Kind == TicketEventKind.AgencyReferred ||
                                                   (e.Kind == TicketEventKind.StatusChange && e.ToStatus is { } s && !s.IsOpen()))?.CreatedAt;
            // Told: anything staff did that reached the citizen (a reply, a visible status change, an agency's referral or answer).
            var notified = mine.FirstOrDefault(e => e.Kind != TicketEventKind.FieldVisit)?.CreatedAt;
            return new WeeklyCycleRow(t.Id, t.TrackingCode, t.CreatedAt, t.CategoryId, t.DistrictId, visited, decided, notified,
                Missed: notified is { } told ? told >= deadline : now >= deadline);
        }).ToList();
        return new WeeklyCycleReport(saturday, from, until, deadline, days, rows);
    }
}
