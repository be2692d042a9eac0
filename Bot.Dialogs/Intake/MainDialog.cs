using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Text;

namespace ChatIntake.Dialogs.Intake;

/// <summary>The root: what a message means when no dialog is waiting for an answer.</summary>
public sealed class MainDialog() : Dialog(DialogIds.Main)
{
    public override async Task<DialogTurnResult> BeginAsync(DialogContext dc, object? options, CancellationToken cancellationToken)
    {
        var context = dc.Context;
        var activity = context.Activity;
        var texts = context.Texts();
        if (!activity.IsMessage || !activity.HasContent)
        {
            if (activity.IsMessage)
            {
                await Menu.ShowAsync(context, texts["main.empty"], cancellationToken);
            }

            return await dc.EndDialogAsync(null, cancellationToken);
        }

        // A message while the citizen has open tickets may be a detail for one of them, or a new problem: the detail dialog offers both.
        var desk = context.Service<ITicketDesk>();
        var open = (await desk.ListMyTicketsAsync(cancellationToken))
            .Where(t => t.IsOwn && t.Status.IsOpen()).ToList();
        if (open.Count > 0 && (activity.Attachments.Count > 0 || !string.IsNullOrWhiteSpace(activity.Text)))
        {
            return await dc.ReplaceDialogAsync(DialogIds.Detail, PendingDetail.From(activity), cancellationToken);
        }

        // Words that name a problem ("the street light outside my house is broken", "زباله") start a report with them.
        if (activity.Attachments.Count == 0 && !string.IsNullOrWhiteSpace(activity.Text) &&
            CategoryMatcher.Match(activity.Text, await desk.GetCategoriesAsync(cancellationToken)) is { } guess)
        {
            return await dc.ReplaceDialogAsync(DialogIds.Report, new ReportDialog.Seed(PersianText.Clean(activity.Text), guess.Code), cancellationToken);
        }

        await Menu.ShowAsync(context, texts["main.unknown"], cancellationToken);
        return await dc.EndDialogAsync(null, cancellationToken);
    }
}
