using ChatIntake.Admin.Audit;
using ChatIntake.Admin.Staff;
using ChatIntake.Admin.Texts;
using ChatIntake.Data;
using ChatIntake.Dialogs.Text;
using ChatIntake.Open311;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatIntake.Admin.Pages.Settings;

/// <summary>Open311 client keys: made here (the key is shown once, only its hash kept), listed with their use, revoked; every change audited.</summary>
public sealed class Open311KeysModel(IntakeDbContext db, AuditTrail audit, CurrentStaff current, AdminText texts, IOptions<Open311Options> options, TimeProvider time) : PageModel
{
    public IReadOnlyList<Open311Key> Keys { get; private set; } = [];

    /// <summary>The names of keys set in configuration (Open311:ApiKeys), which are managed there, not here.</summary>
    public IReadOnlyList<string> ConfiguredNames { get; private set; } = [];

    public bool PublicRead => options.Value.PublicRead;

    /// <summary>The key just made: shown in this answer only, never stored or sent again.</summary>
    public string? NewKey { get; private set; }
    public string? NewKeyName { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Keys = await db.Open311Keys.AsNoTracking().OrderBy(k => k.RevokedAt != null).ThenBy(k => k.Name).ThenBy(k => k.Id).ToListAsync(cancellationToken);
        ConfiguredNames = [.. options.Value.ApiKeys.Select((entry, i) => entry.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon ? entry[..colon].Trim() : $"config-{i}")];
    }

    public async Task<IActionResult> OnPostCreateAsync(string? name, string? owner, CancellationToken cancellationToken)
    {
        var (cleanName, cleanOwner) = (PersianText.Clean(name), PersianText.Clean(owner));
        if (cleanName.Length is 0 or > 100 || cleanOwner.Length > 200)
        {
            Error = texts["settings.required"];
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await OnGetAsync(cancellationToken);
            return Page();
        }

        var staff = await current.GetAsync(cancellationToken);
        var (row, key) = Open311Keys.New(cleanName, cleanOwner.Length == 0 ? null : cleanOwner, staff.UserName, time.GetUtcNow());
        db.Open311Keys.Add(row);
        await audit.SaveAsync(db, "open311-key-create", null, $"{row.Name} ({row.Owner ?? "-"}) {row.Prefix}…", cancellationToken);
        // Answered directly, not through a redirect: the key must not travel in a cookie or be fetched twice.
        Response.Headers.CacheControl = "no-store";
        (NewKey, NewKeyName) = (key, row.Name);
        await OnGetAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken cancellationToken)
    {
        var key = await db.Open311Keys.FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (key is null)
        {
            return NotFound();
        }

        if (key.RevokedAt is null)
        {
            key.RevokedAt = time.GetUtcNow();
            await audit.SaveAsync(db, "open311-key-revoke", null, $"{key.Name} ({key.Owner ?? "-"}) {key.Prefix}…", cancellationToken);
        }

        TempData["Flash"] = texts["settings.saved"];
        return RedirectToPage();
    }
}
