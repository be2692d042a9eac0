using ChatIntake.Admin.Audit;
using ChatIntake.Staff;
using ChatIntake.Admin.Staff;
using ChatIntake.Admin.Texts;
using ChatIntake.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ChatIntake.Admin.Pages;

/// <summary>Cookie sign-in, throttled per user name and address after repeated failures; every attempt is audited.</summary>
public sealed class LoginModel(StaffAccounts accounts, IntakeDbContext db, AuditTrail audit, WriteGate writeGate, AdminText texts) : PageModel
{
    public string? Error { get; private set; }

    public string? UserName { get; private set; }

    public string? ReturnUrl { get; private set; }

    public void OnGet(string? returnUrl) => ReturnUrl = returnUrl;

    public async Task<IActionResult> OnPostAsync(string? userName, string? password, string? returnUrl, CancellationToken cancellationToken)
    {
        UserName = userName;
        ReturnUrl = returnUrl;
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
        {
            Error = texts["login.required"];
            return Page();
        }

        var outcome = await accounts.CheckAsync(userName, password, HttpContext.Connection.RemoteIpAddress?.ToString(), cancellationToken);
        var name = userName.Trim();
        switch (outcome)
        {
            case SignInOutcome.Success success:
                audit.Add(db, success.Staff.Id, success.Staff.UserName, "sign-in", null, null);
                await SaveAsync(cancellationToken);
                var session = await accounts.StartSessionAsync(success.Staff, cancellationToken);
                await HttpContext.SignInAsync(AdminExtensions.Scheme, StaffAccounts.Principal(success.Staff, session, AdminExtensions.Scheme));
                return LocalRedirect(Url.IsLocalUrl(returnUrl) && returnUrl!.StartsWith("/admin", StringComparison.Ordinal) ? returnUrl : "/admin");
            case SignInOutcome.Locked locked:
                audit.Add(db, null, name.Length > 64 ? name[..64] : name, "sign-in-locked", null, null);
                await SaveAsync(cancellationToken);
                Error = texts.Format("login.locked", texts.Date(locked.Until));
                Response.StatusCode = StatusCodes.Status403Forbidden;
                return Page();
            default:
                audit.Add(db, null, name.Length > 64 ? name[..64] : name, "sign-in-failed", null, null);
                await SaveAsync(cancellationToken);
                Error = texts["login.invalid"];
                Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Page();
        }
    }

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        using (await writeGate.EnterAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
