using System.Text;

namespace ChatIntake.Tickets.Search;

/// <summary>
/// The one folding of Persian text for the search index, applied alike to what is stored (by the triggers, through
/// <see cref="SqlExpression"/>) and to what staff type (<see cref="Fold"/>): Arabic ي/ى/ك/ة as Persian ی/ی/ک/ه, and
/// harakat, the superscript alef and tatweel removed. ZWNJ and invisible marks are word breaks to the tokenizer already.
/// Digits are not folded in the database (each replace() nests, and a deep nest overflows other SQLite builds' parsers):
/// a typed number is looked up in all three scripts instead (<see cref="DigitVariants"/>).
/// </summary>
public static class SearchFolding
{
    private static readonly (char From, string To)[] Pairs = BuildPairs();

    /// <summary>The text as the index holds it, with any digits made ASCII.</summary>
    public static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var replaced = false;
            foreach (var (from, to) in Pairs)
            {
                if (c == from)
                {
                    builder.Append(to);
                    replaced = true;
                    break;
                }
            }

            if (!replaced)
            {
                builder.Append(c is >= '۰' and <= '۹' ? (char)('0' + (c - '۰')) : c is >= '٠' and <= '٩' ? (char)('0' + (c - '٠')) : c);
            }
        }

        return builder.ToString();
    }

    /// <summary>A folded word in ASCII, Persian and Arabic-Indic digits (the same word once when it has no digits).</summary>
    public static IReadOnlyList<string> DigitVariants(string folded)
    {
        if (!folded.Any(char.IsAsciiDigit))
        {
            return [folded];
        }

        return [folded, Digits(folded, '۰'), Digits(folded, '٠')];
    }

    /// <summary>The same folding as nested SQL <c>replace()</c> calls around <paramref name="expression"/>, for triggers and rebuilds.</summary>
    public static string SqlExpression(string expression)
    {
        var sql = expression;
        foreach (var (from, to) in Pairs)
        {
            sql = $"replace({sql}, '{from}', '{to}')";
        }

        return sql;
    }

    private static string Digits(string text, char zero) =>
        string.Create(text.Length, (text, zero), static (span, state) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                var c = state.text[i];
                span[i] = char.IsAsciiDigit(c) ? (char)(state.zero + (c - '0')) : c;
            }
        });

    private static (char, string)[] BuildPairs()
    {
        var pairs = new List<(char, string)> { ('ي', "ی"), ('ى', "ی"), ('ك', "ک"), ('ة', "ه"), ('\u0640', "") };

        // Harakat, tanwin, shadda, sukun and the superscript alef: staff type words without them.
        for (var c = '\u064B'; c <= '\u0652'; c++)
        {
            pairs.Add((c, ""));
        }

        pairs.Add(('\u0670', ""));
        return [.. pairs];
    }
}
