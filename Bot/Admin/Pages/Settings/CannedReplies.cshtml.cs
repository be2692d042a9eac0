using ChatIntake.Admin.Audit;
using ChatIntake.Staff;
using ChatIntake.Admin.Texts;
using ChatIntake.Data;
using ChatIntake.Dialogs.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Admin.Pages.Settings;

/// <summary>Canned replies staff pick on the ticket page; the citizen receives the text in their own language.</summary>
public sealed class CannedRepliesModel(IntakeDbContext db, AuditTrail audit, AdminText texts) : PageModel
{
    public IReadOnlyList<CannedReply> Replies { get; private set; } = [];
    public string? Error { get; private set; }
    public int? ErrorFor { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Replies = await db.CannedReplies.AsNoTracking().OrderBy(c => c.Title).ToListAsync(cancellationToken);

    public async Task<IActionResult> OnPostSaveAsync(int? id, string? title, string? textFa, string? textEn, CancellationToken cancellationToken)
    {
        var reply = id is { } existing ? await db.CannedReplies.FirstOrDefaultAsync(c => c.Id == existing, cancellationToken) : null;
        if (id is not null && reply is null)
        {
            return NotFound();
        }

        var (cleanTitle, cleanFa, cleanEn) = (PersianText.Clean(title), PersianText.Clean(textFa), PersianText.Clean(textEn));
        if (cleanTitle.Length == 0 || cleanFa.Length == 0 || cleanEn.Length == 0 || cleanTitle.Length > 100 || cleanFa.Length > 4000 || cleanEn.Length > 4000)
        {
            Error = texts["settings.required"];
            ErrorFor = id ?? 0;
            await OnGetAsync(cancellationToken);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        if (reply is null)
        {
            reply = new CannedReply { Title = cleanTitle, TextFa = cleanFa, TextEn = cleanEn };
            db.CannedReplies.Add(reply);
        }

        (reply.Title, reply.TextFa, reply.TextEn) = (cleanTitle, cleanFa, cleanEn);
        await audit.SaveAsync(db, "canned-reply-save", null, cleanTitle, cancellationToken);
        TempData["Flash"] = texts["settings.saved"];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken cancellationToken)
    {
        var reply = await db.CannedReplies.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (reply is null)
        {
            return NotFound();
        }

        db.CannedReplies.Remove(reply);
        await audit.SaveAsync(db, "canned-reply-delete", null, reply.Title, cancellationToken);
        TempData["Flash"] = texts["settings.saved"];
        return RedirectToPage();
    }
}
