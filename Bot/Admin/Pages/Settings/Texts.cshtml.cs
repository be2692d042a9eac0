using System.Globalization;
using System.Text.RegularExpressions;
using ChatIntake.Admin.Audit;
using ChatIntake.Admin.Texts;
using ChatIntake.Data;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Admin.Pages.Settings;

/// <summary>
/// The wording of the messages citizens and staff get from the bot, in Persian and English: grouped by purpose, each with a
/// plain title, its holes named and a preview; one save for the page (a single text's form, key + fa + en, still works).
/// </summary>
public sealed partial class TextsModel(IntakeDbContext db, TextCatalog catalog, AuditTrail audit, AdminText texts, TimeProvider time) : PageModel
{
    public IReadOnlyList<string> Keys { get; } = [.. TextCatalog.AllKeys().Where(k =>
        k.StartsWith("notify.", StringComparison.Ordinal) || k.StartsWith("followup.", StringComparison.Ordinal) || k.StartsWith("staff.", StringComparison.Ordinal) ||
        (k.StartsWith("status.", StringComparison.Ordinal) && k != "status.ask" && k != "status.malformed" && k != "status.notfound" && k != "status.detail"))];

    public sealed record Group(string Name, IReadOnlyList<string> Keys);

    public IReadOnlyList<Group> Groups => [.. TextGuide.Groups.Select(g => new Group(g, [.. Keys.Where(k => TextGuide.For(k).Group == g)])).Where(g => g.Keys.Count > 0)];

    /// <summary>Problems by key; while any is set, every field shows what was typed.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    private Dictionary<(string Key, string Language), string> _typed = [];

    public string Current(string key, string language) => catalog.Template(key, language == "fa" ? IntakeCultures.Persian : IntakeCultures.English);

    /// <summary>What the field shows: what was typed when the page was refused, else the text in use.</summary>
    public string Shown(string key, string language) => _typed.TryGetValue((key, language), out var typed) ? typed : Current(key, language);

    /// <summary>The holes a text has, with what fills each ({0} → "code").</summary>
    public IReadOnlyList<(string Hole, string? Name)> Holes(string key)
    {
        var named = TextGuide.For(key).Holes;
        return [.. HolesIn(Current(key, "en")).Union(HolesIn(Current(key, "fa"))).Order(StringComparer.Ordinal)
            .Select(h => (h, int.Parse(h.Trim('{', '}'), CultureInfo.InvariantCulture) is var n && n < named.Count ? named[n] : null))];
    }

    public string Sample(string? name, string language, string hole) =>
        name is not null && AdminStrings.All.TryGetValue("sample." + name, out var sample) ? (language == "fa" ? sample.Fa : sample.En) : hole;

    /// <summary>The text with each hole filled by its example, as the citizen would read it.</summary>
    public string Preview(string key, string text, string language)
    {
        var holes = Holes(key).ToDictionary(h => h.Hole, h => Sample(h.Name, language, h.Hole), StringComparer.Ordinal);
        return Hole().Replace(text, m => holes.GetValueOrDefault(m.Value, m.Value));
    }

    public static int Rows(string text) => Math.Clamp(text.Split('\n').Length + (text.Length / 70), 2, 8);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var form = Request.Form;
        var typed = new Dictionary<(string Key, string Language), string>();
        if (form.TryGetValue("key", out var single))
        {
            // One text's own form: key, fa, en.
            var key = single.ToString();
            if (!Keys.Contains(key))
            {
                return NotFound();
            }

            typed[(key, "fa")] = form["fa"].ToString();
            typed[(key, "en")] = form["en"].ToString();
        }
        else
        {
            foreach (var field in form.Keys)
            {
                if (field.Split(':', 2) is [("fa" or "en") and var language, var key] && Keys.Contains(key))
                {
                    typed[(key, language)] = form[field].ToString();
                }
            }
        }

        var changes = new List<(string Key, string Language, string Text)>();
        foreach (var ((key, language), value) in typed)
        {
            var text = value.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
            var current = Current(key, language);
            if (text == current)
            {
                continue;
            }

            var holes = HolesIn(current);
            if (text.Length == 0 || text.Length > 4000 || !holes.SetEquals(HolesIn(text)))
            {
                var named = Holes(key).Where(h => holes.Contains(h.Hole)).Select(h => h.Name is null ? h.Hole : $"{h.Hole} ({texts["hole." + h.Name]})");
                Errors[key] = holes.Count == 0 ? texts.Format("settings.textHoles", "—") : texts.Format("settings.textHoles", string.Join("، ", named));
                continue;
            }

            changes.Add((key, language, text));
        }

        if (Errors.Count > 0)
        {
            _typed = typed.ToDictionary(t => t.Key, t => t.Value.Replace("\r\n", "\n", StringComparison.Ordinal));
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }

        foreach (var (key, language, text) in changes)
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
            await audit.SaveAsync(db, "text-edit", null, string.Join("\n", changes.Select(c => $"{c.Key} [{c.Language}]: {c.Text}")), cancellationToken);
            foreach (var (key, language, text) in changes)
            {
                catalog.Override(key, language, text);
            }
        }

        TempData["Flash"] = changes.Count > 0 ? texts.Format("texts.savedCount", changes.Count) : texts["texts.nothingChanged"];
        return RedirectToPage();
    }

    private static HashSet<string> HolesIn(string text) => [.. Hole().Matches(text).Select(m => m.Value)];

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Hole();
}
