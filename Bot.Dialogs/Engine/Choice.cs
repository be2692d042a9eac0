namespace ChatIntake.Dialogs.Engine;

/// <param name="Value">What the prompt returns; also accepted as a button payload.</param>
/// <param name="Title">What the citizen sees and usually sends back.</param>
/// <param name="Synonyms">Other words that pick this choice (matched after normalisation).</param>
public sealed record Choice(string Value, string Title, IReadOnlyList<string>? Synonyms = null);
