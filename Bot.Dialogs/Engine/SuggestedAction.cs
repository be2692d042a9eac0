namespace ChatIntake.Dialogs.Engine;

/// <summary>A quick reply. <see cref="Value"/> comes back as the activity's text (or value for a button).</summary>
public sealed record SuggestedAction(string Title, string Value, SuggestedActionKind Kind = SuggestedActionKind.Reply)
{
    public static SuggestedAction Reply(string title) => new(title, title);

    public static SuggestedAction Button(string title, string value) => new(title, value, SuggestedActionKind.Button);

    public static SuggestedAction RequestLocation(string title) => new(title, title, SuggestedActionKind.RequestLocation);
}
