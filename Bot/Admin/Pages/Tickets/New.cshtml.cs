using System.Globalization;
using ChatIntake.Admin.Staff;
using ChatIntake.Staff;
using ChatIntake.Admin.Texts;
using ChatIntake.Data;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;
using ChatIntake.Tickets;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Admin.Pages.Tickets;

/// <summary>A report taken on the phone: the same checks and the same ticket as the bot's intake, filed by staff for the caller.</summary>
public sealed class NewModel(
    IntakeDbContext db,
    CurrentStaff current,
    TicketWorkflow workflow,
    CategoryCatalog categories,
    DepartmentCatalog departments,
    ServiceArea serviceArea,
    TrackingCodeGenerator codes,
    IntakeOptions intake,
    TextCatalog catalog,
    AdminText texts,
    Microsoft.Extensions.Options.IOptions<AdminOptions> admin,
    TimeProvider time) : PageModel
{
    public const string PhoneChannel = "phone";

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public string Language { get; set; } = "fa";
    [BindProperty] public string? Category { get; set; }
    [BindProperty] public TicketKind Kind { get; set; }

    /// <summary>"district:ID" or "department:NAME": what a complaint or thanks names instead of a place.</summary>
    [BindProperty] public string? Unit { get; set; }
    /// <summary>The district the caller names, when no point is given (the form offers it when there is no map).</summary>
    [BindProperty] public int? District { get; set; }
    [BindProperty] public string? Latitude { get; set; }
    [BindProperty] public string? Longitude { get; set; }
    [BindProperty] public string? Address { get; set; }
    [BindProperty] public string? Description { get; set; }

    public Dictionary<string, string> Errors { get; } = [];

    public IReadOnlyList<CategoryInfo> Categories => categories.All;

    public IReadOnlyList<District> Districts => serviceArea.Districts;

    /// <summary>The map's tile URL when the picker is set up (Admin:MapTileUrl), else null: the form offers the district instead.</summary>
    public string? TileUrl => string.IsNullOrEmpty(admin.Value.MapTileUrl) ? null : admin.Value.MapTileUrl;

    /// <summary>Where the picker opens: the middle of the service area.</summary>
    public GeoPoint? Centre => serviceArea.Centre;

    public IReadOnlyList<string> Departments => [.. departments.All.Select(d => d.Code)];

    public void OnGet() => Language = texts.Language;

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var staff = await current.GetAsync(cancellationToken);
        var callerTexts = new CultureTexts(catalog, texts.Culture);
        var phone = PersianText.ToAsciiDigits(PersianText.Clean(Phone)).Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (phone.TrimStart('+') is not { Length: >= 5 and <= 15 } digits || !digits.All(char.IsAsciiDigit))
        {
            Errors[nameof(Phone)] = texts["new.phoneInvalid"];
        }

        var category = Category is null ? null : categories.Find(Category);
        if (category is null)
        {
            Errors[nameof(Category)] = texts["new.categoryRequired"];
        }

        GeoPoint? point = null;
        string? address = null;
        var area = AreaLookup.Outside;
        var (unitDistrict, unitDepartment) = ParseUnit(Unit);
        var namesUnit = unitDistrict is not null || unitDepartment is not null;
        if (!Enum.IsDefined(Kind))
        {
            Kind = TicketKind.Problem;
        }

        if (namesUnit && !TicketKinds.MayNameUnit(Kind))
        {
            Errors[nameof(Unit)] = texts["new.unitInvalid"];
        }

        if (!string.IsNullOrWhiteSpace(Latitude) || !string.IsNullOrWhiteSpace(Longitude))
        {
            if (!TryNumber(Latitude, out var lat) || !TryNumber(Longitude, out var lon))
            {
                Errors[nameof(Latitude)] = texts["new.coordinatesInvalid"];
            }
            else if (!new GeoPoint(lat, lon).IsValid)
            {
                Errors[nameof(Latitude)] = callerTexts["report.location.invalid"];
            }
            else if (serviceArea.Locate(new GeoPoint(lat, lon)) is { InServiceArea: true } found)
            {
                point = new GeoPoint(lat, lon);
                area = found;
            }
            else
            {
                Errors[nameof(Latitude)] = callerTexts["report.location.outside"];
            }
        }
        else if (!string.IsNullOrWhiteSpace(Address))
        {
            if (IntakeRules.CheckAddress(Address, intake, callerTexts, out var cleanedAddress) is { } problem)
            {
                Errors[nameof(Address)] = problem;
            }

            address = cleanedAddress;
        }
        else if (!(namesUnit && TicketKinds.MayNameUnit(Kind)))
        {
            Errors[nameof(Latitude)] = texts["new.locationRequired"];
        }

        var namedDistrict = District is { } chosen ? serviceArea.Find(chosen) : null;
        if (District is not null && namedDistrict is null)
        {
            Errors[nameof(District)] = texts["new.districtInvalid"];
        }

        if (point is not null && !string.IsNullOrWhiteSpace(Address))
        {
            // A landmark typed with the point helps the crew; it is checked like an address.
            if (IntakeRules.CheckAddress(Address, intake, callerTexts, out var landmark) is { } problem)
            {
                Errors[nameof(Address)] = problem;
            }

            address = landmark;
        }

        if (IntakeRules.CheckDescription(Description, intake, callerTexts, out var description) is { } descriptionProblem)
        {
            Errors[nameof(Description)] = descriptionProblem;
        }

        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        var now = time.GetUtcNow();
        var language = IntakeCultures.FromLanguageCode(Language)?.TwoLetterISOLanguageName ?? texts.Language;
        var citizen = await db.Citizens.FirstOrDefaultAsync(c => c.Channel == PhoneChannel && c.ExternalUserId == phone, cancellationToken);
        if (citizen is null)
        {
            citizen = new Citizen { Channel = PhoneChannel, ExternalUserId = phone, Language = language, CreatedAt = now };
            db.Citizens.Add(citizen);
        }

        citizen.Name = PersianText.Clean(Name) is { Length: > 0 } name ? (name.Length > 200 ? name[..200] : name) : citizen.Name;
        citizen.Phone = phone;
        citizen.Language = language;

        var filed = workflow.File(db, citizen, category!, new TicketDraft(codes.NewCode(), PhoneChannel, description, unitDistrict ?? area.DistrictId ?? namedDistrict?.Id, point, address, Kind, unitDepartment), TicketActor.Staff(staff), now);
        var ticket = filed.Ticket;
        db.Tickets.Add(ticket);
        await workflow.CommitAsync(db, cancellationToken, filed);
        TempData["Flash"] = texts.Format("new.created", TrackingCode.Format(ticket.TrackingCode));
        return Redirect($"/admin/tickets/{ticket.Id}");
    }

    private (int? District, string? Department) ParseUnit(string? unit)
    {
        if (unit?.Split(':', 2) is not [var type, var value])
        {
            return (null, null);
        }

        if (type == "district" && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && serviceArea.Find(id) is not null)
        {
            return (id, null);
        }

        if (type == "department" && Departments.Contains(value, StringComparer.Ordinal))
        {
            return (null, value);
        }

        Errors[nameof(Unit)] = texts["new.unitInvalid"];
        return (null, null);
    }

    /// <summary>A typed coordinate, with Persian digits and decimal signs accepted (the ticket page's place form reads it too).</summary>
    internal static bool TryNumber(string? typed, out double value) =>
        double.TryParse(PersianText.ToAsciiDigits(PersianText.Clean(typed)).Replace('٫', '.').Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
