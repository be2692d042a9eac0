using System.Globalization;

namespace ChatIntake.Dialogs.Intake;

public static class IntakeCultures
{
    public static readonly CultureInfo Persian = CultureInfo.GetCultureInfo("fa");
    public static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");
    public static readonly IReadOnlyList<CultureInfo> All = [Persian, English];

    /// <summary>"fa-IR", "FA", "en-US" → a supported culture; anything else → null.</summary>
    public static CultureInfo? FromLanguageCode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        var language = code.Trim().Split('-', '_')[0].ToLowerInvariant();
        return All.FirstOrDefault(c => c.TwoLetterISOLanguageName == language);
    }
}
