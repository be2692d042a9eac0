using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Text;

namespace ChatIntake.Dialogs.Intake;

/// <summary>
/// /forget: says what erasure removes and keeps, asks for a confirmation by button, then erases the citizen and tells them
/// what was kept and why. Anything but the confirmation keeps everything.
/// </summary>
public sealed class ForgetDialog : WaterfallDialog
{
    public const string Yes = "forget:yes";
    public const string No = "forget:no";
    private const string ConfirmPrompt = "forget.confirm";

    private ForgetDialog(IEnumerable<WaterfallStep> steps) : base(DialogIds.Forget, steps)
    {
    }

    public static IEnumerable<Dialog> Create()
    {
        yield return new ForgetDialog(
        [
            new("ask", AskAsync),
            new("answered", AnsweredAsync),
        ]);
        yield return new ChoicePrompt(ConfirmPrompt);
    }

    private static Task<DialogTurnResult> AskAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var texts = step.Context.Texts();
        IReadOnlyList<Choice> choices = [new(Yes, texts["forget.yes"]), new(No, texts["forget.no"])];
        return step.PromptAsync(ConfirmPrompt, new PromptOptions(
            Activity.Message(texts["forget.ask"]), Activity.Message(texts["forget.ask.retry"]), choices, AttachedButtons: true), cancellationToken);
    }

    private static async Task<DialogTurnResult> AnsweredAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var texts = step.Context.Texts();
        if (step.Result is not Choice { Value: Yes })
        {
            await Menu.ShowAsync(step.Context, texts["forget.cancelled"], cancellationToken);
            return await step.EndDialogAsync(null, cancellationToken);
        }

        var outcome = await step.Context.Service<ICitizenDataDesk>().EraseAsync(cancellationToken);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(step.Context.Service<IntakeOptions>().TimeZone);
        var told = texts.Format("forget.done", JalaliDate.Format(outcome.ErasedAt, zone, texts.Culture, withTime: false));
        if (outcome.OpenTicketsKept.Count > 0)
        {
            var codes = string.Join(texts.Culture.TwoLetterISOLanguageName == "fa" ? "، " : ", ", outcome.OpenTicketsKept.Select(TrackingCode.Format));
            told += "\n\n" + texts.Format("forget.done.open", codes);
        }

        if (outcome.ClosedTicketsAnonymised > 0)
        {
            told += "\n\n" + texts.Format("forget.done.closed", outcome.ClosedTicketsAnonymised);
        }

        told += "\n\n" + texts["forget.done.after"];
        // No menu: the chat is gone; whatever the person writes next starts as a new citizen.
        await step.Context.SendAsync(Activity.Message(told), cancellationToken);
        return await step.EndDialogAsync(null, cancellationToken);
    }
}
