using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ChatIntake.Dialogs.Text;

/// <summary>
/// The one place where a text is laid out for its reader. Every language: no runs of blank lines. Persian: each line
/// opens right to left (a right-to-left mark where it would otherwise start with Latin, a command or a symbol such as ℹ),
/// Latin runs and commands sit in left-to-right isolates so their punctuation stays in place, and a tracking code keeps
/// its halves together with a non-breaking hyphen. Applying it twice changes nothing.
/// </summary>
public static partial class TextLayout
{
    public const char RightToLeftMark = '\u200F';
    public const char LeftToRightIsolate = '\u2066';
    public const char FirstStrongIsolate = '\u2068';
    public const char PopDirectionalIsolate = '\u2069';
    public const char NonBreakingHyphen = '\u2011';

    private const char LeftToRightMark = '\u200E';
    private const char RightToLeftIsolate = '\u2067';

    public static string Apply(string text, CultureInfo culture)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var persian = culture.TwoLetterISOLanguageName == "fa";
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var output = new StringBuilder(text.Length + 16);
        var blank = true; // no blank line at the start
        foreach (var raw in lines)
        {
            var line = persian ? raw.Replace(LeftToRightMark.ToString(), string.Empty, StringComparison.Ordinal) : raw;
            if (string.IsNullOrWhiteSpace(line) || line.Trim() == RightToLeftMark.ToString())
            {
                if (!blank)
                {
                    output.Append('\n');
                    blank = true;
                }

                continue;
            }

            if (persian)
            {
                line = LayOutPersianLine(line.TrimEnd());
            }

            output.Append(line).Append('\n');
            blank = false;
        }

        while (output.Length > 0 && output[^1] == '\n')
        {
            output.Length--;
        }

        return output.ToString();
    }

    /// <summary>
    /// A line of words with no Persian letter in a Persian message (a staff member's English reply, a lone code) keeps its
    /// own order and punctuation inside one isolate, aligned with the rest; other lines get their Latin runs isolated.
    /// </summary>
    private static string LayOutPersianLine(string line)
    {
        var content = line.TrimStart(RightToLeftMark);
        if (content.Length > 0 && content[0] is FirstStrongIsolate or LeftToRightIsolate && MatchingPop(content, 0) == content.Length)
        {
            return RightToLeftMark + content;
        }

        if (!content.Any(IsRightToLeftLetter) && HasLatin(content))
        {
            return RightToLeftMark.ToString() + FirstStrongIsolate + CodePattern().Replace(content, m => m.Value.Replace('-', NonBreakingHyphen)) + PopDirectionalIsolate;
        }

        line = IsolateLatin(line);
        return OpensRightToLeft(line) ? line : RightToLeftMark + line;
    }

    /// <summary>Coordinates as the reader writes numbers: "۳۵٫۷۲۵، ۵۱٫۳۷" in Persian (decimal ٫, list ،), "35.725, 51.37" otherwise.</summary>
    public static string Coordinates(double latitude, double longitude, CultureInfo culture)
    {
        var lat = latitude.ToString("0.#####", CultureInfo.InvariantCulture);
        var lon = longitude.ToString("0.#####", CultureInfo.InvariantCulture);
        return culture.TwoLetterISOLanguageName == "fa"
            ? PersianText.ToPersianDigits(lat.Replace('.', '٫')) + "، " + PersianText.ToPersianDigits(lon.Replace('.', '٫'))
            : lat + ", " + lon;
    }

    /// <summary>
    /// True when the line's first strong character, read as a client without isolate support would, is right to left
    /// (a Persian or Arabic letter, or a right-to-left mark). An isolate or a Latin letter first means it is not.
    /// </summary>
    public static bool OpensRightToLeft(string line)
    {
        foreach (var c in line)
        {
            if (c is RightToLeftMark or '\u061C' || IsRightToLeftLetter(c))
            {
                return true;
            }

            if (c is LeftToRightMark or LeftToRightIsolate or FirstStrongIsolate or RightToLeftIsolate || char.IsLetter(c))
            {
                return false;
            }
        }

        return false;
    }

    public static bool IsRightToLeftLetter(char c) =>
        c is (>= '\u0590' and <= '\u08FF') or (>= '\uFB1D' and <= '\uFDFF') or (>= '\uFE70' and <= '\uFEFF')
        && char.IsLetter(c);

    /// <summary>Wraps each run of Latin words (and commands, codes, addresses) in a left-to-right isolate; text already isolated is left alone.</summary>
    private static string IsolateLatin(string line)
    {
        if (!HasLatin(line))
        {
            return line;
        }

        var output = new StringBuilder(line.Length + 8);
        var i = 0;
        while (i < line.Length)
        {
            var c = line[i];
            if (c is LeftToRightIsolate or FirstStrongIsolate or RightToLeftIsolate)
            {
                var end = MatchingPop(line, i);
                output.Append(line, i, end - i);
                i = end;
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                output.Append(c);
                i++;
                continue;
            }

            var tokenEnd = i;
            while (tokenEnd < line.Length && !char.IsWhiteSpace(line[tokenEnd]) && line[tokenEnd] is not (LeftToRightIsolate or FirstStrongIsolate or RightToLeftIsolate))
            {
                tokenEnd++;
            }

            if (!IsLatin(line.AsSpan(i, tokenEnd - i)))
            {
                output.Append(line, i, tokenEnd - i);
                i = tokenEnd;
                continue;
            }

            // A run of Latin tokens separated by spaces only ("/status ABCD-2345", "Street Lighting"), without the
            // punctuation around it: a Persian full stop or guillemet after a code belongs to the Persian sentence.
            var start = i;
            while (start < tokenEnd && IsOpening(line[start]))
            {
                start++;
            }

            output.Append(line, i, start - i);
            var runEnd = tokenEnd;
            var next = tokenEnd;
            while (true)
            {
                var gap = next;
                while (gap < line.Length && line[gap] == ' ')
                {
                    gap++;
                }

                if (gap == next || gap >= line.Length || !EndsClean(line, next))
                {
                    break;
                }

                var nextEnd = gap;
                while (nextEnd < line.Length && !char.IsWhiteSpace(line[nextEnd]) && line[nextEnd] is not (LeftToRightIsolate or FirstStrongIsolate or RightToLeftIsolate))
                {
                    nextEnd++;
                }

                if (nextEnd == gap || !IsLatin(line.AsSpan(gap, nextEnd - gap)) || IsOpening(line[gap]))
                {
                    break;
                }

                runEnd = nextEnd;
                next = nextEnd;
            }

            var coreEnd = runEnd;
            while (coreEnd > start && IsClosing(line[coreEnd - 1]))
            {
                coreEnd--;
            }

            if (coreEnd > start)
            {
                output.Append(LeftToRightIsolate)
                    .Append(CodePattern().Replace(line[start..coreEnd], m => m.Value.Replace('-', NonBreakingHyphen)))
                    .Append(PopDirectionalIsolate);
            }

            output.Append(line, coreEnd, runEnd - coreEnd);
            i = runEnd;
        }

        return output.ToString();
    }

    private static bool EndsClean(string line, int tokenEnd) => tokenEnd > 0 && !IsClosing(line[tokenEnd - 1]);

    private static int MatchingPop(string line, int initiator)
    {
        var depth = 0;
        for (var i = initiator; i < line.Length; i++)
        {
            if (line[i] is LeftToRightIsolate or FirstStrongIsolate or RightToLeftIsolate)
            {
                depth++;
            }
            else if (line[i] == PopDirectionalIsolate && --depth == 0)
            {
                return i + 1;
            }
        }

        return line.Length;
    }

    private static bool IsLatin(ReadOnlySpan<char> token)
    {
        var latin = false;
        foreach (var c in token)
        {
            if (IsRightToLeftLetter(c) || c is (>= '۰' and <= '۹') or (>= '٠' and <= '٩'))
            {
                return false;
            }

            latin |= char.IsAsciiLetter(c);
        }

        return latin || HasCode(token);
    }

    /// <summary>Latin letters, or a tracking code: about one code in 30,000 is digits only, and reads left to right all the same.</summary>
    private static bool HasLatin(string text) => text.Any(char.IsAsciiLetter) || HasCode(text);

    private static bool HasCode(ReadOnlySpan<char> text) => text.Contains('-') && CodePattern().IsMatch(text);

    private static bool IsOpening(char c) => c is '(' or '[' or '«' or '"' or '\'' or '“';

    private static bool IsClosing(char c) => c is '.' or ',' or ':' or ';' or '!' or '?' or ')' or ']' or '»' or '"' or '\'' or '”' or '،' or '؛' or '؟';

    [GeneratedRegex("(?<![0-9A-Z])[2-9A-HJKMNP-TW-Z]{4}-[2-9A-HJKMNP-TW-Z]{4}(?![0-9A-Z])")]
    private static partial Regex CodePattern();
}
