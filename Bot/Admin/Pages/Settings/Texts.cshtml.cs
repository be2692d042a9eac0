using System.Text.RegularExpressions;
using ChatIntake.Admin.Audit;
using ChatIntake.Staff;
using ChatIntake.Admin.Texts;
using ChatIntake.Data;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Admin.Pages.Settings;

/// <summary>The wording of the messages citizens get about their tickets (notifications and status names), in Persian and English.</summary>
public sealed partial class TextsModel(IntakeDbContext db, TextCatalog catalog, AuditTrail audit, AdminText texts, TimeProvider time) : PageModel
{
    public IReadOnlyList<string> Keys { get; } = [.. TextCatalog.AllKeys().Where(k =>
        k.StartsWith("notify.", StringComparison.Ordinal) || k.StartsWith("followup.", StringComparison.Ordinal) || k.StartsWith("staff.", StringComparison.Ordinal) ||
        (k.StartsWith("status.", StringComparison.Ordinal) && k != "status.ask" && k != "status.malformed" && k != "status.notfound" && k != "status.detail"))];
    public string? Error { get; private set; }
    public string? ErrorFor { get; private set; }

    public string Current(string key, string language) => catalog.Template(key, language == "fa" ? IntakeCultures.Persian : IntakeCultures.English);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? key, string? fa, string? en, CancellationToken cancellationToken)
    {
        if (key is null || !Keys.Contains(key))
        {
            return NotFound();
        }

        var changes = new List<(string Language, string Text)>();
        foreach (var (language, typed) in new[] { ("fa", fa), ("en", en) })
        {
            var text = (typed ?? string.Empty).Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
            var current = Current(key, language);
            if (text == current)
            {
                continue;
            }

            var holes = Holes(current);
            if (text.Length == 0 || text.Length > 4000 || !holes.SetEquals(Holes(text)))
            {
                Error = texts.Format("settings.textHoles", string.Join(" ", holes.Order(StringComparer.Ordinal)));
                ErrorFor = key;
                Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
                return Page();
            }

            changes.Add((language, text));
        }

        foreach (var (language, text) in changes)
        {
            var row = await db.TextOverrides.FirstOrDefaultAsync(t => t.Key == key && t.Language == language, cancellationToken);
            if (row is null)
            {
                db.TextOverrides.Add(row = new TextOverride { Key = key, Language = language, Text = text });
            }

            row.Text = text;
            row.UpdatedAt = time.GetUtcNow();
        }

        if (changes.Count > 0)
        {
            await audit.SaveAsync(db, "text-edit", null, string.Join("\n", changes.Select(c => $"{key} [{c.Language}]: {c.Text}")), cancellationToken);
            foreach (var (language, text) in changes)
            {
                catalog.Override(key, language, text);
            }
        }

        TempData["Flash"] = texts["settings.saved"];
        return RedirectToPage();
    }

    private static HashSet<string> Holes(string text) => [.. Hole().Matches(text).Select(m => m.Value)];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Hole();
}
