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
public sealed partial class AdminText
{
    public const string CookieName = "admin-lang";

    private readonly TimeZoneInfo _zone;
    private readonly TextCatalog _catalog;
    private readonly DepartmentCatalog _departments;

    public AdminText(IHttpContextAccessor http, IOptions<LanguageOptions> language, IntakeOptions intake, TextCatalog catalog, DepartmentCatalog departments)
    {
        var chosen = http.HttpContext?.Request.Cookies[CookieName];
        Culture = IntakeCultures.FromLanguageCode(chosen) ?? IntakeCultures.FromLanguageCode(language.Value.DefaultCulture) ?? IntakeCultures.Persian;
        _zone = TimeZoneInfo.FindSystemTimeZoneById(intake.TimeZone);
        _catalog = catalog;
        _departments = departments;
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

    /// <summary>How long ago, in whole minutes, hours or days, in the panel's digits ("3 days ago").</summary>
    public string Ago(TimeSpan elapsed) => elapsed switch
    {
        _ when elapsed < TimeSpan.FromMinutes(1) => this["time.justNow"],
        _ when elapsed < TimeSpan.FromHours(1) => Format("time.minutesAgo", (long)elapsed.TotalMinutes),
        _ when elapsed < TimeSpan.FromDays(1) => Format("time.hoursAgo", (long)elapsed.TotalHours),
        _ => Format("time.daysAgo", (long)elapsed.TotalDays),
    };

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

    /// <summary>A department code (a ticket's, a category's, a staff member's) as the department's name in the panel's language.</summary>
    public string Department(string? code) => string.IsNullOrEmpty(code) ? "—" : _departments.Name(code, Culture);

    /// <summary>The departments in the panel's order, for menus: code and name.</summary>
    public IReadOnlyList<(string Code, string Name)> Departments => [.. _departments.All.Select(d => (d.Code, IsPersian ? d.NameFa : d.NameEn))];

    /// <summary>Where a ticket came from ("telegram", "webchat", "phone"…) by name; an unknown channel shows as recorded.</summary>
    public string Channel(string? channel) => channel is null ? "—" : Optional("channel." + channel) ?? channel;

    /// <summary>A language code ("fa", "en") by its name.</summary>
    public string LanguageName(string? code) => code is null ? "—" : Optional("language." + code) ?? code;

    /// <summary>A phone number in the panel's digits (the caller shown left to right by the page).</summary>
    public string Phone(string? phone) => string.IsNullOrEmpty(phone) ? "—" : Digits(phone);

    /// <summary>A point as "latitude, longitude" to five places, in the panel's digits and decimal sign.</summary>
    public string Coordinates(double latitude, double longitude) =>
        Decimal(latitude.ToString("0.#####", CultureInfo.InvariantCulture)) + (IsPersian ? "، " : ", ") + Decimal(longitude.ToString("0.#####", CultureInfo.InvariantCulture));

    /// <summary>A staff member's display name; the built-in first account's name is said in the panel's language.</summary>
    public string Person(string? displayName) =>
        displayName is null ? "—" : displayName == AdminInitializer.FirstDisplayName ? this["staff.firstAdmin"] : displayName;

    /// <summary>A job's repeat as people say it: "every 15 seconds", "daily at 08:00"; a cron the panel cannot read shows as written.</summary>
    public string Schedule(TimeSpan? every, string? cron)
    {
        if (every is { } e && e > TimeSpan.Zero)
        {
            return e.TotalDays >= 1 && e.TotalDays % 1 == 0 ? Format("schedule.days", (long)e.TotalDays)
                : e.TotalHours >= 1 && e.TotalHours % 1 == 0 ? Format("schedule.hours", (long)e.TotalHours)
                : e.TotalMinutes >= 1 && e.TotalMinutes % 1 == 0 ? Format("schedule.minutes", (long)e.TotalMinutes)
                : Format("schedule.seconds", (long)Math.Round(e.TotalSeconds));
        }

        // The daily job's "0 mm HH * * ?" (seconds, minutes, hours, any day).
        if (cron?.Split(' ') is ["0", var mm, var hh, "*", "*", "?"] && int.TryParse(mm, CultureInfo.InvariantCulture, out var minute) && int.TryParse(hh, CultureInfo.InvariantCulture, out var hour))
        {
            return Format("schedule.daily", Digits($"{hour:00}:{minute:00}"));
        }

        return cron ?? "—";
    }

    /// <summary>A job's name by what it does; an unknown job shows as its key.</summary>
    public string JobName(string key) => Optional("jobs.name." + key) ?? key;

    /// <summary>A Quartz trigger state ("Normal", "Paused"…) in words.</summary>
    public string JobState(string state) => Optional("jobs.state." + state) ?? state;

    /// <summary>An audit entry's detail with the statuses and priorities it names in the panel's language ("New → InProgress" → "تازه → در حال رسیدگی").</summary>
    public string AuditDetail(string action, string? detail)
    {
        if (string.IsNullOrEmpty(detail))
        {
            return string.Empty;
        }

        return action switch
        {
            "priority" => EnumWord().Replace(detail, m => Enum.TryParse<TicketPriority>(m.Value, out var p) && Enum.IsDefined(p) ? Priority(p) : m.Value, 2),
            "status" or "reopen" => StatusChange().Replace(detail, m => Word(m.Groups[1].Value) + " → " + Word(m.Groups[2].Value), 1),
            "refer" => ReferralDetail(detail),
            _ => detail,
        };

        string Word(string status) => Enum.TryParse<TicketStatus>(status, out var s) && Enum.IsDefined(s) ? Status(s) : status;
    }

    /// <summary>A note the system wrote in English into a ticket's thread ("survey sent", "reopened by the citizen"…), in the panel's language.</summary>
    public string SystemNote(string? text) => SystemNotes.Show(text, this);

    internal string? Optional(string key) => AdminStrings.All.TryGetValue(key, out var text) ? (IsPersian ? text.Fa : text.En) : null;

    private string Decimal(string invariant) => IsPersian ? Digits(invariant).Replace('.', '٫') : invariant;

    /// <summary>The workflow's "Department · District (ناحیه)": the department by its name.</summary>
    private string ReferralDetail(string detail)
    {
        var parts = detail.Split(" · ", 2);
        return _departments.Find(parts[0]) is null ? detail : string.Join(" · ", [Department(parts[0]), .. parts.Skip(1)]);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"[A-Z][a-z]+")]
    private static partial System.Text.RegularExpressions.Regex EnumWord();

    [System.Text.RegularExpressions.GeneratedRegex(@"^([A-Za-z]+) → ([A-Za-z]+)")]
    private static partial System.Text.RegularExpressions.Regex StatusChange();

    public TimeZoneInfo Zone => _zone;
}
