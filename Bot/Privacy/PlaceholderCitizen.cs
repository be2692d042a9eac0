using ChatIntake.Data;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Privacy;

/// <summary>
/// The one citizen row that erased and anonymised tickets point at: no name, no phone, no chat, never reachable. Tickets
/// need a citizen; this one identifies nobody.
/// </summary>
public sealed class PlaceholderCitizen(IDbContextFactory<IntakeDbContext> contexts, WriteGate writeGate, TimeProvider time)
{
    public const string Channel = "erased";
    public const string UserId = "nobody";
    private long _id;

    public async Task<long> GetIdAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Read(ref _id) is > 0 and var known)
        {
            return known;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var id = await FindAsync(db, cancellationToken);
        if (id is null)
        {
            using (await writeGate.EnterAsync(cancellationToken))
            {
                id = await FindAsync(db, cancellationToken);
                if (id is null)
                {
                    var row = new Citizen { Channel = Channel, ExternalUserId = UserId, Language = "fa", Reachable = false, UnreachableReason = "erased", CreatedAt = time.GetUtcNow() };
                    db.Citizens.Add(row);
                    await db.SaveChangesAsync(cancellationToken);
                    id = row.Id;
                }
            }
        }

        Interlocked.Exchange(ref _id, id.Value);
        return id.Value;
    }

    private static Task<long?> FindAsync(IntakeDbContext db, CancellationToken cancellationToken) =>
        db.Citizens.AsNoTracking().Where(c => c.Channel == Channel && c.ExternalUserId == UserId).Select(c => (long?)c.Id).FirstOrDefaultAsync(cancellationToken);
}
