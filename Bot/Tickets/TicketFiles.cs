using ChatIntake.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tickets;

/// <summary>Finds the file a <see cref="TicketFileReference"/> points at, for the channels that send it on.</summary>
public sealed class TicketFiles(IDbContextFactory<IntakeDbContext> contexts, AttachmentStore store)
{
    public async Task<TicketFile?> FindAsync(string reference, CancellationToken cancellationToken)
    {
        if (!TicketFileReference.TryParse(reference, out var ticketId, out var channelFileId))
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await db.Attachments.AsNoTracking()
            .Where(a => a.TicketId == ticketId && a.ChannelFileId == channelFileId)
            .Select(a => new { a.StoredPath, a.ContentType, a.FileName, Channel = a.Channel ?? db.Tickets.Where(t => t.Id == a.TicketId).Select(t => t.Channel).FirstOrDefault(), a.DownloadAttempts, a.Id })
            .OrderByDescending(a => a.Id).FirstOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }

        var path = found.StoredPath is null ? null : store.FullPath(found.StoredPath);
        return new TicketFile(path is not null && File.Exists(path) ? path : null, found.ContentType ?? "image/jpeg", found.FileName,
            channelFileId.StartsWith(AfterPhotoUpload.FileIdPrefix, StringComparison.Ordinal) ? null : found.Channel, channelFileId,
            found.StoredPath is null && found.DownloadAttempts >= AttachmentDownloader.MaxAttempts);
    }
}
