using ChatIntake.Admin.Audit;
using ChatIntake.Admin.Texts;
using ChatIntake.Data;
using ChatIntake.Dialogs.Text;
using ChatIntake.Tickets;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Admin.Pages.Settings;

/// <summary>The departments: a fixed code (what tickets, categories and staff store), names in both languages, an optional district.</summary>
public sealed class DepartmentsModel(IntakeDbContext db, DepartmentCatalog catalog, ServiceArea serviceArea, AuditTrail audit, AdminText texts) : PageModel
{
    public IReadOnlyList<Department> Departments { get; private set; } = [];
    public IReadOnlyList<District> Districts => serviceArea.Districts;
    public string? Error { get; private set; }
    public int? ErrorFor { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Departments = await db.Departments.AsNoTracking().OrderBy(d => d.SortOrder).ThenBy(d => d.Id).ToListAsync(cancellationToken);

    public async Task<IActionResult> OnPostSaveAsync(int? id, string? code, string? nameFa, string? nameEn, int? districtId, CancellationToken cancellationToken)
    {
        var department = id is { } existing ? await db.Departments.FirstOrDefaultAsync(d => d.Id == existing, cancellationToken) : null;
        if (id is not null && department is null)
        {
            return NotFound();
        }

        var (cleanCode, cleanFa, cleanEn) = (PersianText.Clean(code), PersianText.Clean(nameFa), PersianText.Clean(nameEn));
        if ((department is null && (cleanCode.Length == 0 || cleanCode.Length > 100 || cleanCode.Contains('|', StringComparison.Ordinal))) ||
            cleanFa.Length == 0 || cleanEn.Length == 0 || cleanFa.Length > 200 || cleanEn.Length > 200)
        {
            return await RefuseAsync(id, texts["settings.required"], cancellationToken);
        }

        if (districtId is { } scope && serviceArea.Find(scope) is null)
        {
            return await RefuseAsync(id, texts["settings.required"], cancellationToken);
        }

        if (department is null)
        {
            if (await db.Departments.AnyAsync(d => d.Code == cleanCode, cancellationToken))
            {
                return await RefuseAsync(id, texts["settings.codeTaken"], cancellationToken);
            }

            department = new Department { Code = cleanCode, NameFa = cleanFa, NameEn = cleanEn, SortOrder = (await db.Departments.MaxAsync(d => (int?)d.SortOrder, cancellationToken) ?? 0) + 1 };
            db.Departments.Add(department);
        }

        (department.NameFa, department.NameEn, department.DistrictId) = (cleanFa, cleanEn, districtId);
        await audit.SaveAsync(db, "department-save", null, $"{department.Code}: {cleanEn} ({cleanFa})" + (districtId is null ? "" : $", district #{districtId}"), cancellationToken);
        await catalog.ReloadAsync(db, cancellationToken);
        TempData["Flash"] = texts["settings.saved"];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken cancellationToken)
    {
        var department = await db.Departments.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (department is null)
        {
            return NotFound();
        }

        // Tickets, categories and accounts hold the code: a department named anywhere stays, so nothing shows a bare code.
        var code = department.Code;
        if (await db.Categories.AnyAsync(c => c.Department == code, cancellationToken) || await db.Tickets.AnyAsync(t => t.Department == code, cancellationToken) ||
            (await db.Staff.Select(s => s.Departments).ToListAsync(cancellationToken)).Any(d => d.Split('|').Contains(code, StringComparer.Ordinal)))
        {
            return await RefuseAsync(id, texts["settings.departmentInUse"], cancellationToken);
        }

        db.Departments.Remove(department);
        await audit.SaveAsync(db, "department-delete", null, $"{code}: {department.NameEn} ({department.NameFa})", cancellationToken);
        await catalog.ReloadAsync(db, cancellationToken);
        TempData["Flash"] = texts["settings.saved"];
        return RedirectToPage();
    }

    private async Task<IActionResult> RefuseAsync(int? id, string problem, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        Error = problem;
        ErrorFor = id ?? 0;
        await OnGetAsync(cancellationToken);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
