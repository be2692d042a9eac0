using ChatIntake.Dialogs.Text;

namespace ChatIntake.Dialogs.Intake;

/// <summary>
/// The districts a typed address names, by district name or neighbourhood, as whole words after Persian normalisation
/// (ي/ی, ك/ک, ZWNJ, any digits); "سعادت‌آباد" is found typed with a space, a ZWNJ or neither.
/// </summary>
public static class DistrictMatcher
{
    public static IReadOnlyList<DistrictInfo> Match(string address, IReadOnlyList<DistrictInfo> districts)
    {
        var words = Words(address);
        if (words.Length == 0)
        {
            return [];
        }

        return [.. districts.Where(d => d.Places.Append(d.NameFa).Append(d.NameEn).Any(place => Names(words, place)))];
    }

    private static bool Names(string[] words, string place)
    {
        var phrase = Words(place);
        return phrase.Length > 0 && (Contains(words, phrase) || (phrase.Length > 1 && Contains(words, [string.Concat(phrase)])));
    }

    private static bool Contains(string[] words, string[] phrase)
    {
        for (var start = 0; start + phrase.Length <= words.Length; start++)
        {
            if (phrase.Select((w, i) => words[start + i] == w).All(same => same))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Letters and digits only: "ونک،" and "(Vanak)" are the word they contain.</summary>
    private static string[] Words(string text) =>
        SplitWhere(PersianText.ForMatching(text), c => !char.IsLetterOrDigit(c));

    private static string[] SplitWhere(string text, Func<char, bool> separator)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && !separator(text[i]))
            {
                start = start < 0 ? i : start;
                continue;
            }

            if (start >= 0)
            {
                words.Add(text[start..i]);
                start = -1;
            }
        }

        return [.. words];
    }
}
