using ChatIntake.Admin.Audit;
using ChatIntake.Staff;
using ChatIntake.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ChatIntake.Admin.Pages;

/// <summary>POST /admin/logout.</summary>
public sealed class LogoutModel(IntakeDbContext db, AuditTrail audit) : PageModel
{
    public IActionResult OnGet() => Redirect("/admin");

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await audit.SaveAsync(db, "sign-out", null, null, cancellationToken);

        await HttpContext.SignOutAsync(AdminExtensions.Scheme);
        return Redirect("/admin/login");
    }
}
