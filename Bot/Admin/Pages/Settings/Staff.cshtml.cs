using ChatIntake.Admin.Audit;
using ChatIntake.Staff;
using ChatIntake.Admin.Staff;
using ChatIntake.Admin.Texts;
using ChatIntake.Data;
using ChatIntake.Tickets;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Admin.Pages.Settings;

/// <summary>Staff accounts: role, departments and districts (their scope), active or not, password reset and unlock.</summary>
public sealed class StaffModel(IntakeDbContext db, StaffAccounts accounts, AuditTrail audit, AdminText texts, TimeProvider time) : PageModel
{
    public IReadOnlyList<StaffMember> Members { get; private set; } = [];
    public IReadOnlyList<string> Departments { get; private set; } = [];
    public IReadOnlyList<District> Districts { get; private set; } = [];
    public string? Error { get; private set; }

    /// <summary>User names (throttle keys) some address must currently wait to try again.</summary>
    public IReadOnlySet<string> Blocked { get; private set; } = new HashSet<string>();
    public long? ErrorFor { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Members = await db.Staff.AsNoTracking().OrderBy(s => s.UserName).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        Blocked = (await db.SignInThrottles.Where(t => t.BlockedUntil > now).Select(t => t.UserName).Distinct().ToListAsync(cancellationToken)).ToHashSet();
        Departments = await db.Departments.AsNoTracking().OrderBy(d => d.SortOrder).ThenBy(d => d.Id).Select(d => d.Code).ToListAsync(cancellationToken);
        Districts = await db.Districts.AsNoTracking().OrderBy(d => d.Id).ToListAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostAddAsync(string? userName, string? displayName, string? password, StaffRole role,
        string[]? departments, int[]? districts, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrWhiteSpace(displayName) || !Enum.IsDefined(role))
        {
            return await RefuseAsync(0, texts["settings.required"], cancellationToken);
        }

        if ((password ?? string.Empty).Length < StaffAccounts.MinPasswordLength)
        {
            return await RefuseAsync(0, texts["settings.passwordShort"], cancellationToken);
        }

        if (await db.Staff.AnyAsync(s => s.UserName == userName.Trim(), cancellationToken))
        {
            return await RefuseAsync(0, texts["settings.codeTaken"], cancellationToken);
        }

        var staff = accounts.New(userName, displayName, password!, role, await KnownDepartmentsAsync(departments, cancellationToken), await KnownDistrictsAsync(districts, cancellationToken));
        db.Staff.Add(staff);
        await audit.SaveAsync(db, "staff-add", null, Describe(staff), cancellationToken);
        TempData["Flash"] = texts["settings.saved"];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostUpdateAsync(long id, string? displayName, StaffRole role, string[]? departments, int[]? districts,
        bool isActive, bool unlock, string? newPassword, CancellationToken cancellationToken)
    {
        var staff = await db.Staff.FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (staff is null)
        {
            return NotFound();
        }

        if (string.IsNullOrWhiteSpace(displayName) || !Enum.IsDefined(role))
        {
            return await RefuseAsync(id, texts["settings.required"], cancellationToken);
        }

        if (!string.IsNullOrEmpty(newPassword) && newPassword.Length < StaffAccounts.MinPasswordLength)
        {
            return await RefuseAsync(id, texts["settings.passwordShort"], cancellationToken);
        }

        var stillAdministrator = role == StaffRole.Administrator && isActive;
        if (staff.Role == StaffRole.Administrator && staff.IsActive && !stillAdministrator &&
            !await db.Staff.AnyAsync(s => s.Id != id && s.Role == StaffRole.Administrator && s.IsActive, cancellationToken))
        {
            return await RefuseAsync(id, texts["settings.lastAdmin"], cancellationToken);
        }

        staff.DisplayName = displayName.Trim();
        staff.Role = role;
        staff.Departments = string.Join('|', await KnownDepartmentsAsync(departments, cancellationToken));
        staff.DistrictIds = string.Join('|', await KnownDistrictsAsync(districts, cancellationToken));
        staff.IsActive = isActive;
        if (unlock)
        {
            await StaffAccounts.UnblockAsync(db, staff.UserName, cancellationToken);
        }

        if (!string.IsNullOrEmpty(newPassword))
        {
            StaffAccounts.SetPassword(staff, newPassword);
        }

        await audit.SaveAsync(db, "staff-update", null, Describe(staff) + (unlock ? " unlocked" : "") + (string.IsNullOrEmpty(newPassword) ? "" : " password-reset"), cancellationToken);
        TempData["Flash"] = texts["settings.saved"];
        return RedirectToPage();
    }

    private static string Describe(StaffMember staff) =>
        $"{staff.UserName} {staff.Role} departments=[{staff.Departments}] districts=[{staff.DistrictIds}] active={staff.IsActive}";

    private async Task<IReadOnlyList<string>> KnownDepartmentsAsync(string[]? chosen, CancellationToken cancellationToken)
    {
        var known = await db.Departments.Select(d => d.Code).ToListAsync(cancellationToken);
        return [.. (chosen ?? []).Where(known.Contains).Distinct()];
    }

    private async Task<IReadOnlyList<int>> KnownDistrictsAsync(int[]? chosen, CancellationToken cancellationToken)
    {
        var known = await db.Districts.Select(d => d.Id).ToListAsync(cancellationToken);
        return [.. (chosen ?? []).Where(known.Contains).Distinct()];
    }

    private async Task<IActionResult> RefuseAsync(long id, string message, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        Error = message;
        ErrorFor = id;
        await OnGetAsync(cancellationToken);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
