namespace ChatIntake.Dialogs.Engine;

/// <summary>Any typed text; an empty or text-less message is not an answer.</summary>
public sealed class TextPrompt(string id, PromptValidator<string>? validator = null) : Prompt<string>(id, validator)
{
    protected override PromptRecognizerResult<string> Recognize(Activity activity, PromptOptions options, ITurnContext context) =>
        activity.IsMessage && !string.IsNullOrWhiteSpace(activity.Text)
            ? PromptRecognizerResult<string>.Success(activity.Text)
            : PromptRecognizerResult<string>.Failure();
}
