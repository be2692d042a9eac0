using System.Globalization;
using System.Text.RegularExpressions;

namespace ChatIntake.Admin.Texts;

/// <summary>
/// The notes jobs and the workflow write into a ticket's thread are English sentences with values in them (older rows too):
/// each known shape is recognised here and said again in the panel's language; anything else shows as written.
/// </summary>
internal static partial class SystemNotes
{
    private static readonly (Regex Shape, string Key)[] Shapes =
    [
        (new Regex(@"^survey sent$"), "note.surveySent"),
        (new Regex(@"^progress notice sent$"), "note.progressSent"),
        (new Regex(@"^closed: no answer after resolution$"), "note.closedSilent"),
        (new Regex(@"^fixed$"), "note.fixed"),
        (new Regex(@"^reopened by the citizen$"), "note.reopened"),
        (new Regex(@"^Another citizen reported the same problem and follows this ticket\.$"), "note.follower"),
        (new Regex(@"^75% of the (response|resolution|Response|Resolution) time used: reminded — (.*)$"), "note.reminded"),
        (new Regex(@"^(response|resolution|Response|Resolution) time passed: supervisors told — (.*)$"), "note.escalated"),
        (new Regex(@"^reopened by the citizen \((.*)\): staff told — (.*)$"), "note.reopenedTold"),
        (new Regex(@"^the agency's expected answer day passed: reminded to chase it — (.*)$"), "note.chase"),
        (new Regex(@"^sign-off asked of (.*)$"), "note.signOffAsked"),
        (new Regex(@"^approval told to (.*)$"), "note.approvalTold"),
        (new Regex(@"^sent back to (.*)$"), "note.sentBackTold"),
    ];

    public static string Show(string? text, AdminText texts)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var rest = text;
        var suffix = string.Empty;
        if (rest.EndsWith(" (no chat to send to)", StringComparison.Ordinal))
        {
            rest = rest[..^" (no chat to send to)".Length];
            suffix = " " + texts["note.noChat"];
        }
        else if (rest.EndsWith(" (by messenger)", StringComparison.Ordinal))
        {
            rest = rest[..^" (by messenger)".Length];
            suffix = " " + texts["note.byMessenger"];
        }
        else if (Reached().Match(rest) is { Success: true } reached)
        {
            rest = rest[..reached.Index];
            suffix = " " + texts.Format("note.someByMessenger", long.Parse(reached.Groups[1].Value, CultureInfo.InvariantCulture), long.Parse(reached.Groups[2].Value, CultureInfo.InvariantCulture));
        }

        foreach (var (shape, key) in Shapes)
        {
            if (shape.Match(rest) is { Success: true } match)
            {
                var values = match.Groups.Values.Skip(1).Select(g => (object?)Value(g.Value, texts)).ToArray();
                return texts.Format(key, values) + suffix;
            }
        }

        return text;
    }

    private static string Value(string value, AdminText texts) => value switch
    {
        "nobody in scope" => texts["note.nobody"],
        "response" or "Response" => texts["note.response"],
        "resolution" or "Resolution" => texts["note.resolution"],
        _ => string.Join(texts.IsPersian ? "، " : ", ", value.Split(", ").Select(texts.Person)),
    };

    [GeneratedRegex(@" \((\d+) of (\d+) by messenger\)$")]
    private static partial Regex Reached();
}
