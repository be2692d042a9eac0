using ChatIntake.Dialogs.Text;

namespace ChatIntake.Dialogs.Intake;

/// <summary>The checks a report's description and typed address must pass, shared by the bot's prompts and the staff intake form.</summary>
public static class IntakeRules
{
    /// <summary>Null when acceptable (<paramref name="cleaned"/> is then what to store), else the message saying what to fix.</summary>
    public static string? CheckDescription(string? typed, IntakeOptions options, CultureTexts texts, out string cleaned)
    {
        cleaned = PersianText.Clean(typed);
        if (cleaned.Length == 0)
        {
            return texts.Format("report.description.empty", options.DescriptionMinLength);
        }

        if (cleaned.Length > options.DescriptionMaxLength)
        {
            return texts.Format("report.description.long", options.DescriptionMaxLength, cleaned.Length);
        }

        if (PersianText.HasNoWords(cleaned))
        {
            return texts["report.description.nowords"];
        }

        return cleaned.Length < options.DescriptionMinLength ? texts.Format("report.description.short", options.DescriptionMinLength, cleaned.Length) : null;
    }

    /// <summary>Null when acceptable (<paramref name="cleaned"/> is then what to store), else the message saying what to fix.</summary>
    public static string? CheckAddress(string? typed, IntakeOptions options, CultureTexts texts, out string cleaned)
    {
        cleaned = PersianText.Clean(typed);
        if (PersianText.HasNoWords(cleaned))
        {
            return texts["report.location.retry"];
        }

        if (cleaned.Length < options.AddressMinLength)
        {
            return texts.Format("report.address.short", options.AddressMinLength);
        }

        return cleaned.Length > options.AddressMaxLength ? texts.Format("report.address.long", options.AddressMaxLength, cleaned.Length) : null;
    }
}
