using ChatIntake.Admin.Staff;
using ChatIntake.Staff;
using ChatIntake.Admin.Texts;
using ChatIntake.Data;
using ChatIntake.Tickets;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Admin.Pages.Settings;

/// <summary>Categories: names in both languages, department, SLA hours, keywords, photo rule, completion rules (after photo, sign-off); the bot's cache reloads on save.</summary>
public sealed class CategoriesModel(IntakeDbContext db, CategoryCatalog catalog, ChatIntake.Admin.Audit.AuditTrail audit, AdminText texts) : PageModel
{
    public IReadOnlyList<Category> Categories { get; private set; } = [];
    public string? Error { get; private set; }
    public int? ErrorFor { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Categories = await db.Categories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Id).ToListAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(int? id, string? code, string? nameFa, string? nameEn, string? department, int responseHours, int resolutionHours,
        string? keywordsFa, string? keywordsEn, bool photoRequired, bool isActive, bool afterPhotoRequired, bool signOffRequired, CancellationToken cancellationToken)
    {
        var category = id is { } existing ? await db.Categories.FirstOrDefaultAsync(c => c.Id == existing, cancellationToken) : null;
        if (id is not null && category is null)
        {
            return NotFound();
        }

        string? problem = null;
        if (string.IsNullOrWhiteSpace(nameFa) || string.IsNullOrWhiteSpace(nameEn) || string.IsNullOrWhiteSpace(department) || (category is null && string.IsNullOrWhiteSpace(code)))
        {
            problem = texts["settings.required"];
        }
        else if (responseHours is < 1 or > 10000 || resolutionHours is < 1 or > 10000 || responseHours > resolutionHours)
        {
            problem = texts["settings.hoursInvalid"];
        }
        else if (!await db.Departments.AnyAsync(d => d.Code == department!.Trim(), cancellationToken))
        {
            problem = texts["settings.departmentUnknown"];
        }
        else if (category is null && await db.Categories.AnyAsync(c => c.Code == code!.Trim(), cancellationToken))
        {
            problem = texts["settings.codeTaken"];
        }

        if (problem is not null)
        {
            db.ChangeTracker.Clear();
            Error = problem;
            ErrorFor = id ?? 0;
            await OnGetAsync(cancellationToken);
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        if (category is null)
        {
            category = new Category
            {
                Code = code!.Trim(), NameFa = "", NameEn = "", Department = "",
                SortOrder = (await db.Categories.MaxAsync(c => (int?)c.SortOrder, cancellationToken) ?? 0) + 1,
            };
            db.Categories.Add(category);
        }

        category.NameFa = nameFa!.Trim();
        category.NameEn = nameEn!.Trim();
        category.Department = department!.Trim();
        category.ResponseHours = responseHours;
        category.ResolutionHours = resolutionHours;
        category.KeywordsFa = Keywords(keywordsFa);
        category.KeywordsEn = Keywords(keywordsEn);
        category.PhotoRequired = photoRequired;
        category.AfterPhotoRequired = afterPhotoRequired;
        category.SignOffRequired = signOffRequired;
        category.IsActive = isActive;
        await audit.SaveAsync(db, "category", null, $"{category.Code}: {category.NameEn} / {category.Department} / {responseHours}h / {resolutionHours}h / active={isActive} / after photo={afterPhotoRequired} / sign-off={signOffRequired}", cancellationToken);
        await catalog.ReloadAsync(db, cancellationToken);
        TempData["Flash"] = texts["settings.saved"];
        return RedirectToPage();
    }

    /// <summary>The tag input sends "a|b|c"; typed by hand, a new line also separates; repeats are dropped.</summary>
    private static string Keywords(string? typed) =>
        string.Join('|', (typed ?? string.Empty).Split(['|', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal));
}
