namespace ChatIntake.Conversations;

/// <summary>
/// Prompt options asked of many citizens alike (the subject menu in each language and kind), stored once for every
/// instance: a waiting prompt's dialog state names them by <see cref="Key"/>. City texts only, never a citizen's words.
/// </summary>
public sealed class SharedPromptOptions
{
    /// <summary>The hash of <see cref="Options"/> (<see cref="Dialogs.Engine.PreparedPromptOptions.Key"/>).</summary>
    public required string Key { get; set; }

    /// <summary>The options as JSON, as a prompt would have kept them in its state.</summary>
    public required string Options { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
