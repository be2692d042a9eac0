using ChatIntake.Admin.Staff;
using ChatIntake.Staff;
using ChatIntake.Admin.Texts;
using ChatIntake.Data;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Admin;

/// <summary>GET /admin/attachments/{id}: a citizen's photo, to staff who may see its ticket, from the attachment store only, as inert content.</summary>
internal static class AttachmentEndpoint
{
    public static async Task<IResult> GetAsync(long id, IntakeDbContext db, CurrentStaff current, AdminText texts, AttachmentStore store, HttpResponse response, CancellationToken cancellationToken)
    {
        var staff = await current.GetAsync(cancellationToken);
        var file = await db.Attachments.AsNoTracking()
            .Where(a => a.Id == id && db.Tickets.VisibleTo(staff).Any(t => t.Id == a.TicketId))
            .FirstOrDefaultAsync(cancellationToken);
        if (file is null)
        {
            return Results.NotFound();
        }

        if (string.IsNullOrEmpty(file.StoredPath))
        {
            return Results.Content(texts.IsPersian ? "این عکس هنوز از پیام‌رسان دریافت نشده است." : "This photo has not been downloaded from the messenger yet.",
                "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
        }

        // A stored path is data: one that climbs out of the store (../, an absolute path) is refused, not followed.
        if (store.FullPath(file.StoredPath) is not { } path || !File.Exists(path))
        {
            return Results.NotFound();
        }

        // The file decides what it is, not the messenger's or the citizen's label; anything but a raster image is downloaded.
        return await CitizenFileResponse.ServeAsync(response, path, file.FileName ?? $"attachment-{file.Id}", cancellationToken);
    }
}
