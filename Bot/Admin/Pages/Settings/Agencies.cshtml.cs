using ChatIntake.Admin.Audit;
using ChatIntake.Admin.Texts;
using ChatIntake.Data;
using ChatIntake.Dialogs.Text;
using ChatIntake.Tickets;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Admin.Pages.Settings;

/// <summary>The outside agencies staff may refer a ticket to (water, power, gas…), with whom to chase there.</summary>
public sealed class AgenciesModel(IntakeDbContext db, AuditTrail audit, AdminText texts) : PageModel
{
    public IReadOnlyList<OutsideAgency> Agencies { get; private set; } = [];
    public string? Error { get; private set; }
    public int? ErrorFor { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Agencies = await db.OutsideAgencies.AsNoTracking().OrderByDescending(a => a.IsActive).ThenBy(a => a.NameEn).ToListAsync(cancellationToken);

    public async Task<IActionResult> OnPostSaveAsync(int? id, string? nameFa, string? nameEn, string? contact, bool isActive, CancellationToken cancellationToken)
    {
        var agency = id is { } existing ? await db.OutsideAgencies.FirstOrDefaultAsync(a => a.Id == existing, cancellationToken) : null;
        if (id is not null && agency is null)
        {
            return NotFound();
        }

        var (cleanFa, cleanEn, cleanContact) = (PersianText.Clean(nameFa), PersianText.Clean(nameEn), PersianText.Clean(contact));
        if (cleanFa.Length == 0 || cleanEn.Length == 0 || cleanFa.Length > 200 || cleanEn.Length > 200 || cleanContact.Length > 500)
        {
            return await RefuseAsync(id, texts["settings.required"], cancellationToken);
        }

        if (agency is null)
        {
            agency = new OutsideAgency { NameFa = cleanFa, NameEn = cleanEn };
            db.OutsideAgencies.Add(agency);
        }

        (agency.NameFa, agency.NameEn, agency.Contact, agency.IsActive) = (cleanFa, cleanEn, cleanContact.Length == 0 ? null : cleanContact, isActive);
        await audit.SaveAsync(db, "agency-save", null, $"{cleanEn} ({cleanFa})" + (isActive ? "" : ", inactive"), cancellationToken);
        TempData["Flash"] = texts["settings.saved"];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeleteAsync(int id, CancellationToken cancellationToken)
    {
        var agency = await db.OutsideAgencies.FirstOrDefaultAsync(a => a.Id == id, cancellationToken);
        if (agency is null)
        {
            return NotFound();
        }

        // Threads name the agency by its id: one that ever held a ticket stays, so its history keeps its name.
        var answeredBy = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (await db.Tickets.AnyAsync(t => t.AgencyId == id, cancellationToken) ||
            await db.TicketEvents.AnyAsync(e => (e.Kind == TicketEventKind.AgencyReferred && e.ToValue!.StartsWith(answeredBy + "|")) ||
                                                (e.Kind == TicketEventKind.AgencyAnswered && e.FromValue == answeredBy), cancellationToken))
        {
            return await RefuseAsync(id, texts["settings.agencyInUse"], cancellationToken);
        }

        db.OutsideAgencies.Remove(agency);
        await audit.SaveAsync(db, "agency-delete", null, $"{agency.NameEn} ({agency.NameFa})", cancellationToken);
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
