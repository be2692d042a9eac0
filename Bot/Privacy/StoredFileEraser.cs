using ChatIntake.Data;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Privacy;

/// <summary>
/// Deletes the files listed in <see cref="PendingFileDeletion"/> once the commit that listed them is done, then their rows.
/// A crash in between leaves the rows; the next call deletes what is left (a file already gone is no error).
/// </summary>
public sealed class StoredFileEraser(IDbContextFactory<IntakeDbContext> contexts, AttachmentStore store, WriteGate writeGate, ILogger<StoredFileEraser> logger)
{
    private const int Batch = 500;

    public async Task<int> DeletePendingAsync(CancellationToken cancellationToken)
    {
        var deleted = 0;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        while (true)
        {
            var pending = await db.PendingFileDeletions.AsNoTracking().OrderBy(d => d.Id).Take(Batch).ToListAsync(cancellationToken);
            if (pending.Count == 0)
            {
                return deleted;
            }

            foreach (var file in pending)
            {
                if (store.FullPath(file.StoredPath) is { } path && File.Exists(path))
                {
                    File.Delete(path);
                    deleted++;
                }
            }

            var ids = pending.Select(d => d.Id).ToList();
            using (await writeGate.EnterAsync(cancellationToken))
            {
                await db.PendingFileDeletions.Where(d => ids.Contains(d.Id)).ExecuteDeleteAsync(cancellationToken);
            }

            logger.LogDebug("Deleted {Count} stored files no longer referenced", pending.Count);
        }
    }
}
