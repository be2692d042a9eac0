using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Text;

namespace ChatIntake.Dialogs.Intake;

/// <summary>Slash commands and the main menu's buttons (in either language) that mean the same thing.</summary>
public static class Commands
{
    public const string Start = "/start";
    public const string New = "/new";
    public const string My = "/my";
    public const string Status = "/status";
    public const string Help = "/help";
    public const string Cancel = "/cancel";
    public const string Lang = "/lang";
    public const string Reopen = "/reopen";

    /// <summary>A staff member ties this chat to their panel account, with the one-time code the panel showed them.</summary>
    public const string Link = "/link";

    /// <summary>A field worker, from their linked chat, reports a ticket's work done with a photo of it: "/done CODE" as the photo's caption.</summary>
    public const string Done = "/done";

    /// <summary>The citizen asks for a copy of what is held about them.</summary>
    public const string MyData = "/mydata";

    /// <summary>The citizen asks to be erased (confirmed with buttons first).</summary>
    public const string Forget = "/forget";

    private static readonly string[] Known = [Start, New, My, Status, Help, Cancel, Lang, Reopen, Link, Done, MyData, Forget];

    /// <summary>The command and its argument, or null for an ordinary message. "/status@CityBot X" reads as "/status X".</summary>
    public static (string Command, string Argument)? Parse(Activity activity, TextCatalog catalog)
    {
        var text = PersianText.Clean(activity.Text);
        if (text.StartsWith('/'))
        {
            var space = text.IndexOfAny([' ', '\n', '\t']);
            var head = (space < 0 ? text : text[..space]).ToLowerInvariant();
            var at = head.IndexOf('@', StringComparison.Ordinal);
            if (at > 0)
            {
                head = head[..at];
            }

            var argument = space < 0 ? string.Empty : text[(space + 1)..].Trim();
            return Known.Contains(head) ? (head, argument) : ("/unknown", head);
        }

        var said = PersianText.ForMatching(text);
        if (said.Length == 0)
        {
            return null;
        }

        foreach (var culture in IntakeCultures.All)
        {
            if (said == catalog.MatchingForm("menu.new", culture) || SaysNewReport(said, catalog, culture))
            {
                return (New, string.Empty);
            }

            if (said == catalog.MatchingForm("menu.my", culture))
            {
                return (My, string.Empty);
            }

            if (said == catalog.MatchingForm("menu.help", culture))
            {
                return (Help, string.Empty);
            }
        }

        return null;
    }

    /// <summary>"new report", "گزارش جدید" and the like, typed as the whole message: always a new report, whatever else is open.</summary>
    private static bool SaysNewReport(string said, TextCatalog catalog, System.Globalization.CultureInfo culture) =>
        catalog.MatchingWords("menu.new.words", culture).Contains(said, StringComparer.Ordinal);
}
