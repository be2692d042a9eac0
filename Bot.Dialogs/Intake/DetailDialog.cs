using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Text;

namespace ChatIntake.Dialogs.Intake;

/// <summary>A free message while the citizen has open tickets: add it to one of them (asking which when several are open)?</summary>
public sealed class DetailDialog : WaterfallDialog
{
    private const string ChoicePromptId = "detail.which";
    private const string Pending = "pending";
    private const string NewReport = "new";

    private DetailDialog(string id, IEnumerable<WaterfallStep> steps) : base(id, steps)
    {
    }

    /// <summary>The waterfall and its prompt, registered together.</summary>
    public static IEnumerable<Dialog> Create(IntakeOptions options)
    {
        yield return new DetailDialog(DialogIds.Detail,
        [
            new("which", (step, ct) => AskWhichAsync(step, options, ct)),
            new("chosen", ChosenAsync),
        ]);
        yield return new ChoicePrompt(ChoicePromptId);
    }

    private static async Task<DialogTurnResult> AskWhichAsync(WaterfallStepContext step, IntakeOptions options, CancellationToken cancellationToken)
    {
        var texts = step.Context.Texts();
        var pending = step.IsRerun ? step.Get<PendingDetail>(Pending)! : step.Get<PendingDetail>(Pending) ?? ReadOptions(step);
        step.Set(Pending, pending);

        if (pending.Attachments.Count == 0)
        {
            var text = pending.Text ?? string.Empty;
            if (PersianText.HasNoWords(text))
            {
                await Menu.ShowAsync(step.Context, texts["main.unknown"], cancellationToken);
                return await step.EndDialogAsync(null, cancellationToken);
            }

            if (text.Length > options.DescriptionMaxLength)
            {
                await Menu.ShowAsync(step.Context, texts.Format("detail.long", options.DescriptionMaxLength, text.Length), cancellationToken);
                return await step.EndDialogAsync(null, cancellationToken);
            }
        }

        var open = (await step.Context.Service<ITicketDesk>().ListMyTicketsAsync(cancellationToken))
            .Where(t => t.IsOwn && t.Status.IsOpen()).Take(8).ToList();
        if (open.Count == 0)
        {
            await Menu.ShowAsync(step.Context, texts["main.unknown"], cancellationToken);
            return await step.EndDialogAsync(null, cancellationToken);
        }

        var choices = open
            .Select(t => new Choice(t.TrackingCode, texts.Format("detail.add", TrackingCode.Format(t.TrackingCode), t.CategoryName(texts.Culture)), [t.TrackingCode, TrackingCode.Format(t.TrackingCode)]))
            .Append(new Choice(NewReport, texts["detail.new"]))
            .Append(new Choice("none", texts["detail.none"]))
            .ToList();
        var question = open.Count == 1
            ? texts.Format("detail.ask.one", TrackingCode.Format(open[0].TrackingCode), open[0].CategoryName(texts.Culture))
            : texts["detail.ask.many"];
        return await step.PromptAsync(ChoicePromptId, new PromptOptions(
            Activity.Message(question), Activity.Message(texts["detail.retry"]), choices), cancellationToken);
    }

    private static async Task<DialogTurnResult> ChosenAsync(WaterfallStepContext step, CancellationToken cancellationToken)
    {
        var texts = step.Context.Texts();
        var choice = (Choice)step.Result!;
        if (choice.Value == "none")
        {
            await Menu.ShowAsync(step.Context, texts["detail.notadded"], cancellationToken);
            return await step.EndDialogAsync(null, cancellationToken);
        }

        var pending = step.Get<PendingDetail>(Pending)!;
        if (choice.Value == NewReport)
        {
            // Not a detail but a new problem: its words start the report, with the subject they name offered.
            var categories = await step.Context.Service<ITicketDesk>().GetCategoriesAsync(cancellationToken);
            var words = string.IsNullOrWhiteSpace(pending.Text) ? null : PersianText.Clean(pending.Text);
            return await step.DialogContext.ReplaceDialogAsync(DialogIds.Report,
                new ReportDialog.Seed(words, words is null ? null : CategoryMatcher.Match(words, categories)?.Code), cancellationToken);
        }

        await step.Context.Service<ITicketDesk>().AddDetailAsync(choice.Value, pending.Text, pending.Attachments, cancellationToken);
        await Menu.ShowAsync(step.Context, texts.Format("detail.added", TrackingCode.Format(choice.Value)), cancellationToken);
        return await step.EndDialogAsync(null, cancellationToken);
    }

    /// <summary>The message that started the dialog arrives as the waterfall's options, copied into its values at begin.</summary>
    private static PendingDetail ReadOptions(WaterfallStepContext step) =>
        new(step.Get<string>("text"), step.Get<List<ActivityAttachment>>("attachments") ?? []);
}
