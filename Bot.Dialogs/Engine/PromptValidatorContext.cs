namespace ChatIntake.Dialogs.Engine;

public sealed class PromptValidatorContext<T>(ITurnContext context, PromptRecognizerResult<T> recognized, PromptOptions options, int attemptCount)
{
    public ITurnContext Context { get; } = context;

    public PromptRecognizerResult<T> Recognized { get; } = recognized;

    public PromptOptions Options { get; } = options;

    /// <summary>How many answers this prompt has received, this one included.</summary>
    public int AttemptCount { get; } = attemptCount;

    /// <summary>Why the answer was refused; sent with the prompt's quick replies instead of the generic retry text.</summary>
    public string? RejectionMessage { get; private set; }

    public bool Reject(string message)
    {
        RejectionMessage = message;
        return false;
    }
}
