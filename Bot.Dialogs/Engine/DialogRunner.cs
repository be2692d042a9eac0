namespace ChatIntake.Dialogs.Engine;

/// <summary>
/// Runs one turn over a conversation's stored stack: interruptions first, then the active dialog, else the root dialog.
/// The replies reach the turn folded (<see cref="FoldedReplies"/>) when it ends: one message per input where one will do.
/// </summary>
public sealed class DialogRunner(DialogSet dialogs, string rootDialogId, IInterruptions interruptions)
{
    public async Task<DialogTurnStatus> RunTurnAsync(ITurnContext turn, DialogState state, bool stateUnreadable, CancellationToken cancellationToken)
    {
        var replies = new FoldedReplies(turn);
        var status = await RunAsync(replies, state, stateUnreadable, cancellationToken);
        await replies.FlushAsync(cancellationToken);
        return status;
    }

    private async Task<DialogTurnStatus> RunAsync(ITurnContext turn, DialogState state, bool stateUnreadable, CancellationToken cancellationToken)
    {
        var dc = new DialogContext(dialogs, turn, state.Stack);
        try
        {
            if (stateUnreadable)
            {
                throw new DialogStateOutdatedException("(unreadable)", 0, null);
            }

            foreach (var instance in state.Stack)
            {
                dc.EnsureKnown(instance);
            }

            dc.StateChecked = true;

            if (await interruptions.TryHandleAsync(dc, cancellationToken))
            {
                return dc.Stack.Count > 0 ? DialogTurnStatus.Waiting : DialogTurnStatus.Complete;
            }

            var result = await dc.ContinueDialogAsync(cancellationToken);
            if (result.Status == DialogTurnStatus.Empty)
            {
                result = await dc.BeginDialogAsync(rootDialogId, null, cancellationToken);
            }

            return result.Status;
        }
        catch (DialogStateOutdatedException)
        {
            state.Stack.Clear();
            await interruptions.OnStateOutdatedAsync(new DialogContext(dialogs, turn, state.Stack), cancellationToken);
            return DialogTurnStatus.Cancelled;
        }
    }
}
