namespace ChatIntake.Dialogs.Engine;

/// <summary>
/// Where options asked of many citizens alike (<see cref="PreparedPromptOptions"/>) are kept once, so that a waiting
/// prompt's state names them by key instead of carrying them: the subject menu was nine tenths of every state that
/// held it, parsed, escaped and written again on each of those turns. Without a store, prompts keep options inline.
/// </summary>
public interface IPromptOptionsStore
{
    /// <summary>Takes the options in; they are stored before, or with, the first commit of a state that names them.</summary>
    void Keep(PreparedPromptOptions options);

    /// <summary>The options kept under <paramref name="key"/>, by this process or another; null when none are.</summary>
    ValueTask<PromptOptions?> FindAsync(string key, CancellationToken cancellationToken);
}
