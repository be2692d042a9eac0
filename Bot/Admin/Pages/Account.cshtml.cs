using ChatIntake.Admin.Audit;
using ChatIntake.Staff;
using ChatIntake.Admin.Staff;
using ChatIntake.Admin.Texts;
using ChatIntake.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Admin.Pages;

/// <summary>A staff member changes their own password (the first administrator's generated one, first of all).</summary>
public sealed class AccountModel(IntakeDbContext db, CurrentStaff current, AuditTrail audit, AdminText texts, TimeProvider time) : PageModel
{
    private static readonly TimeSpan LinkCodeLifetime = TimeSpan.FromMinutes(15);

    public string? Error { get; private set; }

    /// <summary>The code to send to the bot with /link, while it is valid.</summary>
    public string? LinkCode { get; private set; }

    public DateTimeOffset? LinkCodeExpiresAt { get; private set; }

    /// <summary>The messenger of the chat this account's reminders go to, once linked.</summary>
    public string? LinkedChannel { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadLinkAsync(cancellationToken);

    /// <summary>A fresh one-time code (ten characters: guessing one within its quarter hour is hopeless).</summary>
    public async Task<IActionResult> OnPostLinkAsync(CancellationToken cancellationToken)
    {
        var me = await current.GetAsync(cancellationToken);
        var staff = await db.Staff.SingleAsync(s => s.Id == me.Id, cancellationToken);
        staff.LinkCode = System.Security.Cryptography.RandomNumberGenerator.GetString("23456789ABCDEFGHJKMNPQRSTWXYZ", 10);
        staff.LinkCodeExpiresAt = time.GetUtcNow() + LinkCodeLifetime;
        await audit.SaveAsync(db, "messenger-link-code", null, staff.UserName, cancellationToken);
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostUnlinkAsync(CancellationToken cancellationToken)
    {
        var me = await current.GetAsync(cancellationToken);
        var staff = await db.Staff.SingleAsync(s => s.Id == me.Id, cancellationToken);
        staff.LinkedCitizenId = null;
        staff.LinkCode = null;
        staff.LinkCodeExpiresAt = null;
        await audit.SaveAsync(db, "messenger-unlink", null, staff.UserName, cancellationToken);
        return RedirectToPage();
    }

    private async Task LoadLinkAsync(CancellationToken cancellationToken)
    {
        var me = await current.GetAsync(cancellationToken);
        var staff = await db.Staff.AsNoTracking().SingleAsync(s => s.Id == me.Id, cancellationToken);
        if (staff.LinkCode is not null && staff.LinkCodeExpiresAt > time.GetUtcNow())
        {
            LinkCode = staff.LinkCode;
            LinkCodeExpiresAt = staff.LinkCodeExpiresAt;
        }

        LinkedChannel = staff.LinkedCitizenId is { } citizenId
            ? await db.Citizens.Where(c => c.Id == citizenId).Select(c => c.Channel).FirstOrDefaultAsync(cancellationToken)
            : null;
    }

    public async Task<IActionResult> OnPostAsync(string? currentPassword, string? newPassword, string? repeatPassword, CancellationToken cancellationToken)
    {
        var me = await current.GetAsync(cancellationToken);
        var staff = await db.Staff.SingleAsync(s => s.Id == me.Id, cancellationToken);
        if (!StaffAccounts.IsPassword(staff, currentPassword ?? string.Empty))
        {
            Error = texts["account.wrongCurrent"];
        }
        else if ((newPassword ?? string.Empty).Length < StaffAccounts.MinPasswordLength)
        {
            Error = texts["settings.passwordShort"];
        }
        else if (newPassword != repeatPassword)
        {
            Error = texts["account.mismatch"];
        }

        if (Error is not null)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await LoadLinkAsync(cancellationToken);
            return Page();
        }

        StaffAccounts.SetPassword(staff, newPassword!);
        await audit.SaveAsync(db, "password-change", null, staff.UserName, cancellationToken);
        // The new stamp ends every other session of this account; this one continues under it.
        await HttpContext.SignInAsync(AdminExtensions.Scheme, StaffAccounts.Principal(staff, User.FindFirst(StaffAccounts.SessionClaim)?.Value ?? string.Empty, AdminExtensions.Scheme));
        TempData["Flash"] = texts["settings.saved"];
        return RedirectToPage();
    }
}
