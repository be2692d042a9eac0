using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Text;

namespace ChatIntake.Dialogs.Intake;

/// <summary>Commands that work at any step. /my, /status and /help leave a report in progress where it was.</summary>
public sealed class IntakeInterruptions : IInterruptions
{
    /// <summary>The event a channel sends when a citizen edits a message they already sent.</summary>
    public const string MessageEditedEvent = "message-edited";

    public async Task<bool> TryHandleAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var context = dc.Context;
        if (context.Activity.Type == ActivityTypes.Event && context.Activity.Name == MessageEditedEvent)
        {
            // An edit never rewrites a report silently: what was sent is what staff saw. The citizen is told how to correct it.
            await SendThenResumeAsync(dc, context.Texts()["edit.ignored"], cancellationToken);
            return true;
        }

        if (SurveyButtons.TryParse(context.Activity.Value, out var answer, out var code))
        {
            await AnswerSurveyAsync(dc, answer, code, cancellationToken);
            return true;
        }

        var catalog = context.Services.GetService(typeof(TextCatalog)) as TextCatalog ?? TextCatalog.Default;
        if (Commands.Parse(context.Activity, catalog) is not var (command, argument))
        {
            return false;
        }

        var texts = context.Texts();
        switch (command)
        {
            case Commands.Start:
                dc.CancelAllDialogs();
                await Menu.ShowAsync(context, texts["start.welcome"], cancellationToken);
                return true;
            case Commands.New:
                dc.CancelAllDialogs();
                await dc.BeginDialogAsync(DialogIds.Report, null, cancellationToken);
                return true;
            case Commands.Cancel:
                var hadDialog = dc.Stack.Count > 0;
                dc.CancelAllDialogs();
                await Menu.ShowAsync(context, texts[hadDialog ? "cancel.done" : "cancel.nothing"], cancellationToken);
                return true;
            case Commands.Help:
                await SendThenResumeAsync(dc, texts["help.text"], cancellationToken);
                return true;
            case Commands.My:
                await TicketReplies.SendMyTicketsAsync(context, cancellationToken);
                await ResumeAsync(dc, cancellationToken);
                return true;
            case Commands.Status:
                await SendThenResumeAsync(dc, await TicketReplies.StatusTextAsync(context, argument, cancellationToken), cancellationToken);
                return true;
            case Commands.Link when !ChannelTraits.Of(context).IsMessenger:
                // The anonymous web chat is a tab anyone may close for good: staff reminders must go to a messenger account.
                await SendThenResumeAsync(dc, texts["link.webchat"], cancellationToken);
                return true;
            case Commands.Link:
                var staff = argument.Length == 0 ? null : await context.Service<ITicketDesk>().LinkStaffAsync(argument.Trim().ToUpperInvariant(), cancellationToken);
                await SendThenResumeAsync(dc, staff is null ? texts["link.bad"] : texts.Format("link.done", staff), cancellationToken);
                return true;
            case Commands.Reopen:
                await ReopenAsync(dc, argument, cancellationToken);
                return true;
            case Commands.Done:
                await WorkDoneAsync(dc, argument, cancellationToken);
                return true;
            case Commands.MyData:
                await CitizenDataReplies.SendMyDataAsync(context, cancellationToken);
                await ResumeAsync(dc, cancellationToken);
                return true;
            case Commands.Forget:
                dc.CancelAllDialogs();
                await dc.BeginDialogAsync(DialogIds.Forget, null, cancellationToken);
                return true;
            case Commands.Lang:
                context.Culture = IntakeCultures.FromLanguageCode(argument)
                    ?? (context.Culture.TwoLetterISOLanguageName == "fa" ? IntakeCultures.English : IntakeCultures.Persian);
                await SendThenResumeAsync(dc, context.Texts()["lang.changed"], cancellationToken);
                return true;
            default:
                await SendThenResumeAsync(dc, texts.Format("command.unknown", argument), cancellationToken);
                return true;
        }
    }

    /// <summary>"Is it fixed?" may be answered days later, in the middle of anything: the answer is taken, then its follow-up asked.</summary>
    private static async Task AnswerSurveyAsync(DialogContext dc, SurveyAnswer answer, string code, CancellationToken cancellationToken)
    {
        var texts = dc.Context.Texts();
        switch (await dc.Context.Service<ITicketDesk>().AnswerSurveyAsync(code, answer, cancellationToken))
        {
            case SurveyOutcome.Confirmed:
                dc.CancelAllDialogs();
                await dc.BeginDialogAsync(DialogIds.FollowUp, new FollowUpDialog.Start(code, Confirmed: true), cancellationToken);
                break;
            case SurveyOutcome.Reopened:
                dc.CancelAllDialogs();
                await dc.BeginDialogAsync(DialogIds.FollowUp, new FollowUpDialog.Start(code, Confirmed: false), cancellationToken);
                break;
            default:
                await SendThenResumeAsync(dc, texts.Format("followup.survey.expired", TrackingCode.Format(code)), cancellationToken);
                break;
        }
    }

    private static async Task ReopenAsync(DialogContext dc, string argument, CancellationToken cancellationToken)
    {
        var texts = dc.Context.Texts();
        if (!TrackingCode.TryNormalize(argument, out var code))
        {
            await SendThenResumeAsync(dc, texts["reopen.ask"], cancellationToken);
            return;
        }

        switch (await dc.Context.Service<ITicketDesk>().ReopenAsync(code, cancellationToken))
        {
            case ReopenOutcome.Reopened:
                dc.CancelAllDialogs();
                await dc.BeginDialogAsync(DialogIds.FollowUp, new FollowUpDialog.Start(code, Confirmed: false), cancellationToken);
                break;
            case ReopenOutcome.StillOpen:
                await SendThenResumeAsync(dc, texts.Format("reopen.open", TrackingCode.Format(code)), cancellationToken);
                break;
            case ReopenOutcome.TooLate:
                await SendThenResumeAsync(dc, texts.Format("reopen.late", TrackingCode.Format(code), dc.Context.Service<IntakeOptions>().ReopenWithinDays), cancellationToken);
                break;
            default:
                await SendThenResumeAsync(dc, texts.Format("status.notfound", TrackingCode.Format(code)), cancellationToken);
                break;
        }
    }

    /// <summary>A field worker's /done CODE with a photo: the reply says what became of it, or why nothing did.</summary>
    private static async Task WorkDoneAsync(DialogContext dc, string argument, CancellationToken cancellationToken)
    {
        var texts = dc.Context.Texts();
        if (!TrackingCode.TryNormalize(argument, out var code))
        {
            await SendThenResumeAsync(dc, texts["done.usage"], cancellationToken);
            return;
        }

        var shown = TrackingCode.Format(code);
        var outcome = await dc.Context.Service<ITicketDesk>().ReportWorkDoneAsync(code, dc.Context.Activity.Attachments, cancellationToken);
        await SendThenResumeAsync(dc, outcome switch
        {
            WorkDoneOutcome.NotStaff => texts["done.notStaff"],
            WorkDoneOutcome.Unknown => texts.Format("done.unknown", shown),
            WorkDoneOutcome.NeedsPhoto => texts.Format("done.needPhoto", shown),
            WorkDoneOutcome.Resolved => texts.Format("done.resolved", shown),
            WorkDoneOutcome.AwaitingSignOff => texts.Format("done.awaiting", shown),
            WorkDoneOutcome.AlreadyPending => texts.Format("done.pending", shown),
            _ => texts.Format("done.notOpen", shown),
        }, cancellationToken);
    }

    public Task OnStateOutdatedAsync(DialogContext dc, CancellationToken cancellationToken) =>
        Menu.ShowAsync(dc.Context, dc.Context.Texts()["state.outdated"], cancellationToken);

    private static async Task SendThenResumeAsync(DialogContext dc, string text, CancellationToken cancellationToken)
    {
        if (dc.Stack.Count == 0)
        {
            await Menu.ShowAsync(dc.Context, text, cancellationToken);
            return;
        }

        await dc.Context.SendAsync(text, cancellationToken);
        await ResumeAsync(dc, cancellationToken);
    }

    /// <summary>Asks the pending question again (re-rendered, so a language switch shows at once).</summary>
    private static Task ResumeAsync(DialogContext dc, CancellationToken cancellationToken) =>
        dc.Stack.Count > 0 ? dc.RepromptDialogAsync(cancellationToken) : Task.CompletedTask;
}
