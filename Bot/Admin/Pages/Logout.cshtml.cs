using ChatIntake.Admin.Audit;
using ChatIntake.Staff;
using ChatIntake.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ChatIntake.Admin.Pages;

/// <summary>POST /admin/logout: ends the session on the server, so a copy of its cookie is refused too.</summary>
public sealed class LogoutModel(IntakeDbContext db, AuditTrail audit, StaffAccounts accounts) : PageModel
{
    public IActionResult OnGet() => Redirect("/admin");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await audit.SaveAsync(db, "sign-out", null, null, cancellationToken);

        await accounts.EndSessionAsync(User.FindFirst(StaffAccounts.SessionClaim)?.Value, cancellationToken);
        await HttpContext.SignOutAsync(AdminExtensions.Scheme);
        return Redirect("/admin/login");
    }
}
