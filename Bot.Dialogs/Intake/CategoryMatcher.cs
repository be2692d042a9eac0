using ChatIntake.Dialogs.Text;

namespace ChatIntake.Dialogs.Intake;

/// <summary>
/// Finds the category a citizen's own words name: keyword hits in either language, the clear winner only.
/// Whole words (a keyword's last word may take a suffix: plurals), so "tree" never matches "street".
/// </summary>
public static class CategoryMatcher
{
    public static CategoryInfo? Match(string text, IReadOnlyList<CategoryInfo> categories)
    {
        var words = PersianText.ForMatching(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return null;
        }

        CategoryInfo? best = null;
        var bestScore = 0;
        var tie = false;
        foreach (var category in categories)
        {
            var score = category.KeywordsFa.Concat(category.KeywordsEn).Append(category.NameFa).Append(category.NameEn)
                .Count(keyword => ContainsPhrase(words, PersianText.ForMatching(keyword).Split(' ', StringSplitOptions.RemoveEmptyEntries)));
            if (score > bestScore)
            {
                (best, bestScore, tie) = (category, score, false);
            }
            else if (score == bestScore && score > 0)
            {
                tie = true;
            }
        }

        return tie ? null : best;
    }

    private static bool ContainsPhrase(string[] words, string[] phrase)
    {
        if (phrase.Length == 0 || phrase.Length > words.Length)
        {
            return false;
        }

        for (var start = 0; start + phrase.Length <= words.Length; start++)
        {
            var all = true;
            for (var i = 0; i < phrase.Length && all; i++)
            {
                all = words[start + i] == phrase[i] ||
                      (i == phrase.Length - 1 && phrase[i].Length >= 4 && words[start + i].StartsWith(phrase[i], StringComparison.Ordinal));
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }
}
