using System.Text.RegularExpressions;

namespace ChatIntake.Privacy;

/// <summary>
/// Masks what identifies a person in free text: e-mail addresses, and phone or national-id-like numbers (seven digits or
/// more, Persian, Arabic-Indic or Latin, with spaces, dashes, dots or brackets between). Addresses of places stay.
/// </summary>
public static partial class PersonalDataMask
{
    public const string Mask = "***";

    public static string? Apply(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var masked = Email().Replace(text, Mask);
        return LongNumber().Replace(masked, Mask);
    }

    [GeneratedRegex(@"[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)+", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    // A digit, then six or more digits each after at most two separators: 0912 345 6789, ۰۹۱۲-۳۴۵-۶۷۸۹, +98 (21) 8888 7777, 0012345678.
    [GeneratedRegex(@"\+?[0-9\u06F0-\u06F9\u0660-\u0669](?:[ \-.()\u200C\u00A0]{0,2}[0-9\u06F0-\u06F9\u0660-\u0669]){6,}", RegexOptions.CultureInvariant)]
    private static partial Regex LongNumber();
}
