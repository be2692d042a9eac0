namespace ChatIntake.Dialogs.Engine;

/// <summary>One or more files; a validator may accept a text such as "skip" as an empty answer.</summary>
public sealed class AttachmentPrompt(string id, PromptValidator<IReadOnlyList<ActivityAttachment>>? validator = null)
    : Prompt<IReadOnlyList<ActivityAttachment>>(id, validator)
{
    protected override PromptRecognizerResult<IReadOnlyList<ActivityAttachment>> Recognize(Activity activity, PromptOptions options, ITurnContext context) =>
        activity.Attachments.Count > 0
            ? PromptRecognizerResult<IReadOnlyList<ActivityAttachment>>.Success(activity.Attachments)
            : PromptRecognizerResult<IReadOnlyList<ActivityAttachment>>.Failure();
}
