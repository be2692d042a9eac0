using System.Text;

namespace ChatIntake.Tickets.Search;

/// <summary>
/// The one folding of Persian text for the search index, applied alike to what is stored and to what staff type: Arabic
/// ي/ى/ك as Persian ی/ک, Persian and Arabic-Indic digits as ASCII, ZWNJ as a word break, and diacritics, tatweel and
/// invisible marks removed. Kept as a table so the database's triggers (<see cref="SqlExpression"/>) and C# (<see cref="Fold"/>) cannot disagree.
/// </summary>
public static class SearchFolding
{
    private static readonly (char From, string To)[] Pairs = BuildPairs();

    /// <summary>The text as the index holds it.</summary>
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
                builder.Append(c);
            }
        }

        return builder.ToString();
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

    private static (char, string)[] BuildPairs()
    {
        var pairs = new List<(char, string)> { ('ي', "ی"), ('ى', "ی"), ('ك', "ک"), ('ة', "ه"), ('\u200C', " "), ('\u0640', "") };
        for (var d = 0; d < 10; d++)
        {
            pairs.Add(((char)('۰' + d), ((char)('0' + d)).ToString()));
            pairs.Add(((char)('٠' + d), ((char)('0' + d)).ToString()));
        }

        // Harakat, tanwin, shadda, sukun and the superscript alef: staff type words without them.
        for (var c = '\u064B'; c <= '\u0652'; c++)
        {
            pairs.Add((c, ""));
        }

        pairs.Add(('\u0670', ""));
        foreach (var invisible in "\u200B\u200D\u200E\u200F\u061C\u2066\u2067\u2068\u2069\u202A\u202B\u202C\u202D\u202E\uFEFF")
        {
            pairs.Add((invisible, ""));
        }

        return [.. pairs];
    }
}
