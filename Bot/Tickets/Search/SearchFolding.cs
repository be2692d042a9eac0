using System.Text;

namespace ChatIntake.Tickets.Search;

/// <summary>
/// The one folding of Persian text for the search index, applied alike to what is stored (by the triggers, through
/// <see cref="SqlExpression"/>) and to what staff type (<see cref="Fold"/>): Arabic ي/ى/ك/ة as Persian ی/ی/ک/ه,
/// harakat, the superscript alef and tatweel removed, and Persian and Arabic-Indic digits as ASCII. ZWNJ and invisible
/// marks are word breaks to the tokenizer already. Folded once when stored, so a typed word is looked up once.
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

    /// <summary>
    /// What staff typed as words to look for: folded as the index is (digits ASCII), split at anything but a letter, a
    /// digit or '_' (the word characters of SQLite's tokenizer). Each search builds its own query syntax from these.
    /// </summary>
    public static IReadOnlyList<string> TypedWords(string typed)
    {
        var folded = Fold(ChatIntake.Dialogs.Text.PersianText.Clean(typed));
        var words = new List<string>();
        var word = new StringBuilder();
        foreach (var c in folded + " ")
        {
            if (char.IsLetterOrDigit(c) || c == '_')
            {
                word.Append(c);
                continue;
            }

            if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }

        return words;
    }

    /// <summary>
    /// The same folding as SQL around <paramref name="expression"/>, for triggers and rebuilds: a scalar subquery of three
    /// nested selects, each with at most fourteen nested <c>replace()</c> calls, because one nest of all 34 overflows the
    /// parser stack of some SQLite builds.
    /// </summary>
    public static string SqlExpression(string expression)
    {
        var letters = expression;
        foreach (var (from, to) in Pairs)
        {
            letters = $"replace({letters}, '{from}', '{to}')";
        }

        string Digits(string inner, char zero)
        {
            for (var d = 0; d < 10; d++)
            {
                inner = $"replace({inner}, '{(char)(zero + d)}', '{d}')";
            }

            return inner;
        }

        var (x, y) = (Digits("\"x\"", '۰'), Digits("\"y\"", '٠'));
        return $"""(SELECT {y} FROM (SELECT {x} AS "y" FROM (SELECT {letters} AS "x")))""";
    }

    /// <summary>
    /// The same folding for PostgreSQL: one <c>translate()</c> (characters mapped one to one, then the ones dropped, which
    /// have no counterpart). PostgreSQL's parser has no trouble with it, and its subqueries in FROM cannot see the row.
    /// </summary>
    public static string PostgresSqlExpression(string expression)
    {
        var mapped = Pairs.Where(p => p.To.Length == 1).ToArray();
        var dropped = Pairs.Where(p => p.To.Length == 0).Select(p => p.From);
        var from = string.Concat(mapped.Select(p => p.From)) + "۰۱۲۳۴۵۶۷۸۹" + "٠١٢٣٤٥٦٧٨٩" + string.Concat(dropped);
        var to = string.Concat(mapped.Select(p => p.To)) + "0123456789" + "0123456789";
        return $"translate({expression}, '{from}', '{to}')";
    }

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
