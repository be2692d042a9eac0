namespace ChatIntake.Dialogs.Engine;

/// <param name="Prompt">The question, with its quick replies.</param>
/// <param name="RetryPrompt">Sent when an answer is not understood; the question again when absent.</param>
/// <param name="Choices">The choices of a <see cref="ChoicePrompt"/>.</param>
public sealed record PromptOptions(Activity Prompt, Activity? RetryPrompt = null, IReadOnlyList<Choice>? Choices = null);
