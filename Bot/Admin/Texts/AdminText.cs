using System.Globalization;
using ChatIntake.Admin.Staff;
using ChatIntake.Staff;
using ChatIntake.Conversations;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;
using ChatIntake.Tickets;
using Microsoft.Extensions.Options;

namespace ChatIntake.Admin.Texts;

/// <summary>The panel's language for this request (the staff member's choice, kept in a cookie), with its dates and digits.</summary>
public sealed class AdminText
{
    public const string CookieName = "admin-lang";

    private readonly TimeZoneInfo _zone;
    private readonly TextCatalog _catalog;

    public AdminText(IHttpContextAccessor http, IOptions<LanguageOptions> language, IntakeOptions intake, TextCatalog catalog)
    {
        var chosen = http.HttpContext?.Request.Cookies[CookieName];
        Culture = IntakeCultures.FromLanguageCode(chosen) ?? IntakeCultures.FromLanguageCode(language.Value.DefaultCulture) ?? IntakeCultures.Persian;
        _zone = TimeZoneInfo.FindSystemTimeZoneById(intake.TimeZone);
        _catalog = catalog;
    }

    public CultureInfo Culture { get; }

    public bool IsPersian => Culture.TwoLetterISOLanguageName == "fa";

    public string Language => Culture.TwoLetterISOLanguageName;

    public string Direction => IsPersian ? "rtl" : "ltr";

    public CultureTexts Citizen => new(_catalog, Culture);

    public string this[string key] =>
        AdminStrings.All.TryGetValue(key, out var text) ? (IsPersian ? text.Fa : text.En) : throw new KeyNotFoundException($"No admin text '{key}'.");

    /// <summary>Fills the holes; numbers in the panel's digits.</summary>
    public string Format(string key, params object?[] args) =>
        string.Format(Culture, this[key], [.. args.Select(a => a is int or long ? Number(Convert.ToInt64(a, CultureInfo.InvariantCulture)) : a)]);

    public string Number(long value) => PersianText.Digits(value.ToString(CultureInfo.InvariantCulture), Culture);

    public string Digits(string text) => PersianText.Digits(text, Culture);

    public string Date(DateTimeOffset? instant, bool withTime = true) => instant is { } i ? JalaliDate.Format(i, _zone, Culture, withTime) : "—";

    public string Status(TicketStatus status) => TicketReplies.StatusName(Citizen, status);

    public string Priority(TicketPriority priority) => this["priority." + priority];

    public string Kind(TicketKind kind) => this["reportkind." + kind];

    public string Role(StaffRole role) => this["role." + role];

    /// <summary>An audit action's name; one without a text (a newer action) shows as recorded.</summary>
    public string Action(string action) =>
        AdminStrings.All.TryGetValue("audit.action." + action, out var text) ? (IsPersian ? text.Fa : text.En) : action;

    public string Name(Category? category) => category is null ? "—" : IsPersian ? category.NameFa : category.NameEn;

    public string Name(District? district) => district is null ? "—" : IsPersian ? district.NameFa : district.NameEn;

    public string Code(string trackingCode) => TrackingCode.Format(trackingCode);

    public TimeZoneInfo Zone => _zone;
}
