using System.Globalization;
using System.Text;

namespace ChatIntake.Dialogs.Text;

/// <summary>Persian text clean-up: what citizens type arrives with Arabic letters, three digit systems and invisible characters.</summary>
public static class PersianText
{
    private const char ZeroWidthNonJoiner = '\u200C';

    /// <summary>For storing: Arabic ي/ك become Persian, bidi controls and zero-width characters (except the Persian ZWNJ) go.</summary>
    public static string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        // Most messages have nothing to replace: they are only trimmed, without copying them character by character.
        if (!text.AsSpan().ContainsAny(NeedCleaning))
        {
            return text.Trim();
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case 'ي' or 'ى':
                    builder.Append('ی');
                    break;
                case 'ك':
                    builder.Append('ک');
                    break;
                case var _ when IsInvisibleControl(c):
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString().Trim();
    }

    /// <summary>For comparing: <see cref="Clean"/>, then ASCII digits, lower case, ZWNJ and runs of white space as one space.</summary>
    public static string ForMatching(string? text)
    {
        var cleaned = Clean(text);
        var builder = new StringBuilder(cleaned.Length);
        var lastWasSpace = false;
        foreach (var c in cleaned)
        {
            var mapped = c == ZeroWidthNonJoiner || char.IsWhiteSpace(c) ? ' ' : ToAsciiDigit(char.ToLowerInvariant(c));
            if (mapped == ' ')
            {
                if (!lastWasSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                lastWasSpace = true;
                continue;
            }

            lastWasSpace = false;
            builder.Append(mapped);
        }

        return builder.ToString().TrimEnd();
    }

    /// <summary>
    /// <see cref="ForMatching"/> for the short texts that recur on every turn (button titles, choice names): folded
    /// once and remembered. A bounded cache; longer or rarer texts are folded each time.
    /// </summary>
    public static string ForMatchingKnown(string text)
    {
        if (text.Length > 64)
        {
            return ForMatching(text);
        }

        if (Known.TryGetValue(text, out var folded))
        {
            return folded;
        }

        folded = ForMatching(text);
        if (Volatile.Read(ref _knownCount) < 10_000 && Known.TryAdd(text, folded))
        {
            Interlocked.Increment(ref _knownCount); // ConcurrentDictionary.Count would take every lock
        }

        return folded;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Known = new(StringComparer.Ordinal);
    private static int _knownCount;

    /// <summary>Persian (۰–۹) and Arabic-Indic (٠–٩) digits become ASCII, so numbers and codes parse.</summary>
    public static string ToAsciiDigits(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = ToAsciiDigit(chars[i]);
        }

        return new string(chars);
    }

    public static string ToPersianDigits(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] is >= '0' and <= '9')
            {
                chars[i] = (char)('۰' + (chars[i] - '0'));
            }
        }

        return new string(chars);
    }

    /// <summary>Digits in the script of the culture: Persian for fa, ASCII otherwise.</summary>
    public static string Digits(string text, CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "fa" ? ToPersianDigits(text) : text;

    /// <summary>True when nothing but emoji, symbols, punctuation and white space is left: no words to act on.</summary>
    public static bool HasNoWords(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune))
            {
                return false;
            }
        }

        return true;
    }

    private static char ToAsciiDigit(char c) => c switch
    {
        >= '۰' and <= '۹' => (char)('0' + (c - '۰')),
        >= '٠' and <= '٩' => (char)('0' + (c - '٠')),
        _ => c,
    };

    /// <summary>What <see cref="Clean"/> replaces or drops: Arabic yeh and kaf, and the invisible controls of <see cref="IsInvisibleControl"/>.</summary>
    private static readonly System.Buffers.SearchValues<char> NeedCleaning =
        System.Buffers.SearchValues.Create([.. "يىك", .. Enumerable.Range(0, char.MaxValue + 1).Select(i => (char)i).Where(IsInvisibleControl)]);

    private static bool IsInvisibleControl(char c) => c switch
    {
        '\u200B' or '\u200D' or '\u2060' or '\uFEFF' => true, // zero-width space, joiner, word joiner, BOM
        '\u200E' or '\u200F' or '\u061C' => true, // LRM, RLM, ALM
        >= '\u202A' and <= '\u202E' => true, // LRE, RLE, PDF, LRO, RLO
        >= '\u2066' and <= '\u2069' => true, // LRI, RLI, FSI, PDI
        _ => char.IsControl(c) && c is not ('\n' or '\r' or '\t'),
    };
}
