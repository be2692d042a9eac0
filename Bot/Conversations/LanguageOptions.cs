using System.ComponentModel.DataAnnotations;

namespace ChatIntake.Conversations;

/// <summary>Configuration section "Localization".</summary>
public sealed class LanguageOptions
{
    /// <summary>The language of a citizen whose channel does not say theirs.</summary>
    [Required, RegularExpression("^(fa|en)$", ErrorMessage = "Localization:DefaultCulture must be fa or en.")]
    public string DefaultCulture { get; set; } = "fa";
}
