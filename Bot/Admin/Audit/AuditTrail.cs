using ChatIntake.Admin.Staff;
using ChatIntake.Staff;
using ChatIntake.Data;

namespace ChatIntake.Admin.Audit;

/// <summary>Stages an audit entry for the signed-in staff member in the context that saves the action itself, so both commit together.</summary>
public sealed class AuditTrail(CurrentStaff current, IHttpContextAccessor http, WriteGate writeGate, TimeProvider time)
{
    public async Task AddAsync(IntakeDbContext db, string action, long? ticketId, string? detail, CancellationToken cancellationToken)
    {
        var staff = await current.FindAsync(cancellationToken);
        Add(db, staff?.Id, staff?.UserName ?? "anonymous", action, ticketId, detail);
    }

    /// <summary>Saves what <paramref name="db"/> tracks together with the audit entry that describes it.</summary>
    public async Task SaveAsync(IntakeDbContext db, string action, long? ticketId, string? detail, CancellationToken cancellationToken)
    {
        await AddAsync(db, action, ticketId, detail, cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    public void Add(IntakeDbContext db, long? staffId, string staffName, string action, long? ticketId, string? detail) =>
        db.Audit.Add(new AuditEntry
        {
            StaffId = staffId,
            StaffName = staffName,
            Action = action,
            TicketId = ticketId,
            Detail = detail is { Length: > 4000 } ? detail[..4000] : detail,
            RemoteAddress = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
            CreatedAt = time.GetUtcNow(),
        });
}
