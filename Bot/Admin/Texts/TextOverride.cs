namespace ChatIntake.Admin.Texts;

/// <summary>An administrator's wording of a citizen notification, laid over the built-in text.</summary>
public sealed class TextOverride
{
    public required string Key { get; set; }
    public required string Language { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
