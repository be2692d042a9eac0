using System.Text;
using ChatIntake.Dialogs.Text;

namespace ChatIntake.Dialogs.Intake;

/// <summary>
/// The citizen's handle on a ticket: 8 characters from an alphabet without look-alikes (no 0/O, 1/I/L, U/V),
/// shown as XXXX-XXXX so it can be read over the phone; typed in any case, with any digits, with or without the dash.
/// </summary>
public static class TrackingCode
{
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTWXYZ";
    public const int Length = 8;

    public static string Format(string code) => code.Length == Length ? $"{code[..4]}-{code[4..]}" : code;

    public static bool TryNormalize(string? typed, out string code)
    {
        code = string.Empty;
        if (string.IsNullOrWhiteSpace(typed) || typed.Length > 40)
        {
            return false;
        }

        var builder = new StringBuilder(Length);
        foreach (var c in PersianText.ToAsciiDigits(PersianText.Clean(typed)).ToUpperInvariant())
        {
            if (c is '-' or ' ' or '_' or '#' or '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2212') // shown with a non-breaking hyphen, copied back as any dash
            {
                continue;
            }

            if (!Alphabet.Contains(c, StringComparison.Ordinal) || builder.Length == Length)
            {
                return false;
            }

            builder.Append(c);
        }

        code = builder.ToString();
        return code.Length == Length;
    }
}
