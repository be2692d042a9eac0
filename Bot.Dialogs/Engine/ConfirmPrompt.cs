using System.Globalization;
using ChatIntake.Dialogs.Text;

namespace ChatIntake.Dialogs.Engine;

/// <summary>Yes or no, in Persian or English whatever the citizen's language.</summary>
public sealed class ConfirmPrompt(string id, PromptValidator<bool>? validator = null) : Prompt<bool>(id, validator)
{
    private static readonly HashSet<string> Yes = ["yes", "y", "ok", "sure", "بله", "بلی", "آره", "اره", "باشه", "اوکی", "تایید", "تأیید"];
    private static readonly HashSet<string> No = ["no", "n", "nope", "نه", "خیر", "نخیر"];

    public static (string Yes, string No) Titles(CultureInfo culture) =>
        culture.TwoLetterISOLanguageName == "fa" ? ("بله", "خیر") : ("Yes", "No");

    protected override PromptRecognizerResult<bool> Recognize(Activity activity, PromptOptions options, ITurnContext context)
    {
        var said = PersianText.ForMatching(activity.Value ?? activity.Text);
        return Yes.Contains(said) ? PromptRecognizerResult<bool>.Success(true)
            : No.Contains(said) ? PromptRecognizerResult<bool>.Success(false)
            : PromptRecognizerResult<bool>.Failure();
    }

    protected override Activity Decorate(Activity prompt, PromptOptions options, ITurnContext context)
    {
        if (prompt.SuggestedActions.Count > 0)
        {
            return prompt;
        }

        var (yes, no) = Titles(context.Culture);
        return prompt with { SuggestedActions = [SuggestedAction.Reply(yes), SuggestedAction.Reply(no)] };
    }
}
