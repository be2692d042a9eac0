using ChatIntake.Admin.Staff;
using ChatIntake.Admin.Texts;
using ChatIntake.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatIntake.Admin;

/// <summary>GET /admin/attachments/{id}: a citizen's photo, to staff who may see its ticket, from the attachments folder only.</summary>
internal static class AttachmentEndpoint
{
    public static async Task<IResult> GetAsync(long id, IntakeDbContext db, CurrentStaff current, AdminText texts,
        IOptions<AdminOptions> options, IHostEnvironment environment, CancellationToken cancellationToken)
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

        var folder = Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.Value.AttachmentsFolder)) + Path.DirectorySeparatorChar;
        var path = Path.GetFullPath(Path.Combine(folder, file.StoredPath));
        // A stored path is data: one that climbs out of the folder (../, an absolute path) is refused, not followed.
        if (!path.StartsWith(folder, StringComparison.Ordinal) || !File.Exists(path))
        {
            return Results.NotFound();
        }

        var type = file.ContentType is { Length: > 0 } t && t.StartsWith("image/", StringComparison.Ordinal) ? t : "application/octet-stream";
        return Results.File(path, type);
    }
}
