namespace ChatIntake.Dialogs.Engine;

/// <param name="Prompt">The question, with its quick replies.</param>
/// <param name="RetryPrompt">Sent when an answer is not understood; the question again when absent.</param>
/// <param name="Choices">The choices of a <see cref="ChoicePrompt"/>.</param>
/// <param name="AttachedButtons">
/// Choices shown as buttons attached to the question itself (Telegram's inline keyboard), which stay pressable while
/// later messages arrive; their <see cref="Choice.Value"/> comes back as the activity's value.
/// </param>
public sealed record PromptOptions(Activity Prompt, Activity? RetryPrompt = null, IReadOnlyList<Choice>? Choices = null, bool AttachedButtons = false);
