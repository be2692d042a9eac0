using System.Text.Json;
using ChatIntake.Admin.Audit;
using ChatIntake.Staff;
using ChatIntake.Admin.Texts;
using ChatIntake.Data;
using ChatIntake.Tickets;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Admin.Pages.Settings;

/// <summary>
/// Districts from an uploaded GeoJSON file: each feature's code updates the district of that code or adds one. Districts
/// missing from the file are kept, because tickets and staff scopes point at them.
/// </summary>
[RequestSizeLimit(MaxUpload + (64 * 1024))]
public sealed class DistrictsModel(IntakeDbContext db, ServiceArea serviceArea, AuditTrail audit, AdminText texts) : PageModel
{
    internal const long MaxUpload = 5 * 1024 * 1024;

    public IReadOnlyList<District> Districts { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Districts = await db.Districts.AsNoTracking().OrderBy(d => d.Id).ToListAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken cancellationToken)
    {
        List<District> uploaded;
        try
        {
            if (file is null || file.Length == 0)
            {
                return await RefuseAsync(texts["settings.geojsonMissing"], cancellationToken);
            }

            if (file.Length > MaxUpload)
            {
                return await RefuseAsync(texts.Format("settings.geojsonInvalid", "> 5 MB"), cancellationToken);
            }

            using var reader = new StreamReader(file.OpenReadStream());
            uploaded = DistrictGeoJson.Parse(await reader.ReadToEndAsync(cancellationToken));
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException or ArgumentException)
        {
            return await RefuseAsync(texts.Format("settings.geojsonInvalid", ex.Message), cancellationToken);
        }

        if (uploaded.Count == 0 || uploaded.GroupBy(d => d.Code).Any(g => g.Count() > 1))
        {
            return await RefuseAsync(texts.Format("settings.geojsonInvalid", "no features, or a code used twice"), cancellationToken);
        }

        var existing = await db.Districts.ToDictionaryAsync(d => d.Code, cancellationToken);
        foreach (var district in uploaded)
        {
            if (existing.TryGetValue(district.Code, out var known))
            {
                (known.NameFa, known.NameEn, known.Polygon, known.Places) = (district.NameFa, district.NameEn, district.Polygon, district.Places);
            }
            else
            {
                db.Districts.Add(district);
            }
        }

        await audit.SaveAsync(db, "districts-upload", null, $"{file.FileName}: {string.Join(", ", uploaded.Select(d => d.Code))}", cancellationToken);
        await serviceArea.ReloadAsync(db, cancellationToken);
        TempData["Flash"] = texts.Format("settings.districtsLoaded", uploaded.Count);
        return RedirectToPage();
    }

    private async Task<IActionResult> RefuseAsync(string message, CancellationToken cancellationToken)
    {
        Error = message;
        await OnGetAsync(cancellationToken);
        Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
