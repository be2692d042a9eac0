using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Text;

namespace ChatIntake.Dialogs.Intake;

/// <summary>
/// After the citizen answered "is it fixed?": fixed asks for a 1–5 rating and optional words; partly or not fixed
/// (the ticket already reopened) asks what is still wrong, for the team.
/// </summary>
public sealed class FollowUpDialog : WaterfallDialog
{
    private const string RatingPrompt = "followup.rating";
    private const string WordsPrompt = "followup.words";
    private const string Code = "code";
    private const string Confirmed = "confirmed";
    private const string Rating = "rating";

    private FollowUpDialog(IEnumerable<WaterfallStep> steps) : base(DialogIds.FollowUp, steps)
    {
    }

    /// <summary>Starts the dialog for a ticket whose survey answer was taken.</summary>
    public sealed record Start(string Code, bool Confirmed);

    public static IEnumerable<Dialog> Create()
    {
        yield return new FollowUpDialog(
        [
            new("ask", AskAsync),
            new("rated", RatedAsync),
            new("words", WordsAsync),
        ]);
        yield return new ChoicePrompt(RatingPrompt);
        yield return new TextPrompt(WordsPrompt);
    }

    private static async Task<DialogTurnResult> AskAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var texts = step.Context.Texts();
        var code = step.Get<string>(Code)!;
        if (step.Get<bool>(Confirmed))
        {
            return await step.PromptAsync(RatingPrompt, new PromptOptions(
                Activity.Message(texts["followup.rate"]), Activity.Message(texts["followup.rate.retry"]), SurveyButtons.Ratings(texts.Culture), AttachedButtons: true), cancellationToken);
        }

        await step.Context.SendAsync(texts.Format("followup.reopened", TrackingCode.Format(code)), cancellationToken);
        return await step.NextAsync(null, cancellationToken);
    }

    private static async Task<DialogTurnResult> RatedAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var texts = step.Context.Texts();
        if (step.Result is Choice choice)
        {
            step.Set(Rating, int.Parse(choice.Value, System.Globalization.CultureInfo.InvariantCulture));
        }

        var ask = step.Get<bool>(Confirmed) ? texts["followup.rate.comment"] : texts["followup.reopened.ask"];
        return await step.PromptAsync(WordsPrompt, new PromptOptions(Activity.Message(ask, [SuggestedAction.Reply(texts["followup.skip"])])), cancellationToken);
    }

    private static async Task<DialogTurnResult> WordsAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var texts = step.Context.Texts();
        var code = step.Get<string>(Code)!;
        var said = PersianText.Clean(step.Result as string);
        var words = said.Length == 0 || PersianText.ForMatching(said) == PersianText.ForMatchingKnown(texts["followup.skip"]) ? null : said;
        var desk = step.Context.Service<ITicketDesk>();
        if (step.Get<bool>(Confirmed))
        {
            await desk.RateAsync(code, step.Get<int>(Rating), words, cancellationToken);
            await Menu.ShowAsync(step.Context, texts["followup.rate.thanks"], cancellationToken);
        }
        else
        {
            if (words is not null)
            {
                await desk.AddDetailAsync(code, words, [], cancellationToken);
            }

            await Menu.ShowAsync(step.Context, texts.Format("followup.reopened.noted", TrackingCode.Format(code)), cancellationToken);
        }

        return await step.EndDialogAsync(null, cancellationToken);
    }
}
