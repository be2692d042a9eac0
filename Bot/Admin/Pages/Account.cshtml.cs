using ChatIntake.Admin.Audit;
using ChatIntake.Admin.Staff;
using ChatIntake.Admin.Texts;
using ChatIntake.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Admin.Pages;

/// <summary>A staff member changes their own password (the first administrator's generated one, first of all).</summary>
public sealed class AccountModel(IntakeDbContext db, CurrentStaff current, AuditTrail audit, AdminText texts) : PageModel
{
    public string? Error { get; private set; }

    public void OnGet()
    {
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
            return Page();
        }

        StaffAccounts.SetPassword(staff, newPassword!);
        await audit.SaveAsync(db, "password-change", null, staff.UserName, cancellationToken);
        // The new stamp ends every other session of this account; this one continues under it.
        await HttpContext.SignInAsync(AdminExtensions.Scheme, StaffAccounts.Principal(staff, AdminExtensions.Scheme));
        TempData["Flash"] = texts["settings.saved"];
        return RedirectToPage();
    }
}
