using ChatIntake.Staff;
using ChatIntake.Conversations;
using ChatIntake.Data;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;
using ChatIntake.Outbox;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatIntake.Jobs;

/// <summary>
/// The daily digest for supervisors and administrators: new, overdue and reopened tickets of the last day and the
/// average rating of the last thirty, each within the reader's scope. Shown in the panel; sent once a day to those who
/// linked a chat.
/// </summary>
public sealed class DailyDigest(IDbContextFactory<IntakeDbContext> contexts, TextCatalog texts, WriteGate writeGate, OutboxSignal signal, IOptions<IntakeOptions> intake, IOptions<FollowUpOptions> followUps, TimeProvider time)
{
    public async Task<DigestFigures> ComputeAsync(IntakeDbContext db, StaffMember reader, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var dayAgo = now.AddDays(-1);
        var monthAgo = now.AddDays(-30);
        var scope = db.Tickets.AsNoTracking().VisibleTo(reader);
        var fresh = await scope.CountAsync(t => t.CreatedAt >= dayAgo, cancellationToken);
        var overdue = await scope.WhereOverdue(now).CountAsync(cancellationToken);
        // From the last day's events (an index by time), not by asking each ticket in scope about its events.
        var reopenedIds = db.TicketEvents.Where(e => e.CreatedAt >= dayAgo && e.Kind == TicketEventKind.StatusChange &&
            e.ToStatus == TicketStatus.InProgress && (e.FromStatus == TicketStatus.Resolved || e.FromStatus == TicketStatus.Closed)).Select(e => e.TicketId);
        var reopened = await scope.CountAsync(t => reopenedIds.Contains(t.Id), cancellationToken);
        var ratings = await scope.Where(t => t.Satisfaction != null && t.ClosedAt >= monthAgo).Select(t => t.Satisfaction!.Value).ToListAsync(cancellationToken);
        return new DigestFigures(fresh, overdue, reopened, ratings.Count == 0 ? null : ratings.Average());
    }

    /// <summary>Whether today's digest time has passed in the city's time zone (those who had today's get no second one).</summary>
    public bool DueToday()
    {
        var local = TimeZoneInfo.ConvertTime(time.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById(intake.Value.TimeZone));
        var at = TimeOnly.ParseExact(followUps.Value.DigestAt, "HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        return TimeOnly.FromDateTime(local.DateTime) >= at;
    }

    /// <summary>Sends today's digest to every supervisor and administrator with a linked chat who has not had it today.</summary>
    public async Task<int> SendAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(intake.Value.TimeZone);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var readers = await db.Staff.AsNoTracking()
            .Where(s => s.IsActive && s.LinkedCitizenId != null && (s.Role == StaffRole.Supervisor || s.Role == StaffRole.Administrator))
            .ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var reader in readers.Where(r => r.LastDigestOn != today))
        {
            var figures = await ComputeAsync(db, reader, now, cancellationToken);
            using (await writeGate.EnterAsync(cancellationToken))
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                // Marked in the same commit as the message: a second run the same day sends nothing.
                var marked = await db.Staff.Where(s => s.Id == reader.Id && (s.LastDigestOn == null || s.LastDigestOn != today))
                    .ExecuteUpdateAsync(s => s.SetProperty(m => m.LastDigestOn, today), cancellationToken);
                if (marked == 1 && await ChatOutbox.StageAsync(db, reader.LinkedCitizenId!.Value, null, culture =>
                    {
                        var rating = figures.AverageRating is { } average ? PersianText.Digits(average.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture), culture) : "—";
                        return Activity.Message(texts.Format("staff.digest", culture,
                            JalaliDate.Format(now, zone, culture, withTime: false), figures.New, figures.Overdue, figures.Reopened, rating));
                    }, now, cancellationToken) is not null)
                {
                    await db.SaveChangesAsync(cancellationToken);
                    sent++;
                }

                await transaction.CommitAsync(cancellationToken);
            }
        }

        if (sent > 0)
        {
            signal.Notify();
        }

        return sent;
    }
}
