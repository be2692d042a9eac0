using ChatIntake.Dialogs.Text;

namespace ChatIntake.Dialogs.Engine;

/// <summary>One of a list: by button, by title or synonym (normalised), or by its number in the list.</summary>
public sealed class ChoicePrompt(string id, PromptValidator<Choice>? validator = null) : Prompt<Choice>(id, validator)
{
    protected override PromptRecognizerResult<Choice> Recognize(Activity activity, PromptOptions options, ITurnContext context) =>
        Match(activity, options.Choices ?? []) is { } choice
            ? PromptRecognizerResult<Choice>.Success(choice)
            : PromptRecognizerResult<Choice>.Failure();

    protected override Activity Decorate(Activity prompt, PromptOptions options, ITurnContext context) =>
        prompt.SuggestedActions.Count > 0 || options.Choices is null
            ? prompt
            : prompt with
            {
                SuggestedActions = [.. options.Choices.Select(c => options.AttachedButtons ? SuggestedAction.Button(c.Title, c.Value) : SuggestedAction.Reply(c.Title))],
            };

    public static Choice? Match(Activity activity, IReadOnlyList<Choice> choices)
    {
        if (!string.IsNullOrEmpty(activity.Value) && choices.FirstOrDefault(c => c.Value == activity.Value) is { } byValue)
        {
            return byValue;
        }

        var said = PersianText.ForMatching(activity.Text);
        if (said.Length == 0)
        {
            return null;
        }

        foreach (var choice in choices)
        {
            if (PersianText.ForMatchingKnown(choice.Title) == said || PersianText.ForMatchingKnown(choice.Value) == said ||
                (choice.Synonyms?.Any(s => PersianText.ForMatchingKnown(s) == said) ?? false))
            {
                return choice;
            }
        }

        // A title typed without its emoji ("Submit" for "✅ Submit"): attached buttons invite typing the words.
        var words = WordsOnly(said);
        if (words.Length > 0 && choices.Where(c => WordsOnly(PersianText.ForMatchingKnown(c.Title)) == words).ToList() is [var typed])
        {
            return typed;
        }

        return int.TryParse(said, out var number) && number >= 1 && number <= choices.Count ? choices[number - 1] : null;
    }

    private static string WordsOnly(string text)
    {
        var letters = text.Where(c => char.IsLetterOrDigit(c) || c == ' ').ToArray();
        return new string(letters).Trim();
    }
}
