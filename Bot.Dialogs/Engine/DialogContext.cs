namespace ChatIntake.Dialogs.Engine;

/// <summary>A dialog stack at work during one turn: begin, continue, end and replace dialogs on it.</summary>
public sealed class DialogContext(DialogSet dialogs, ITurnContext context, List<DialogInstance> stack)
{
    public DialogSet Dialogs { get; } = dialogs;

    /// <summary>
    /// The whole stack, inner stacks included, was checked against the dialogs' versions this turn (the runner does so
    /// before anything runs): the entries the turn meets later are only looked up, not walked again at every level.
    /// </summary>
    internal bool StateChecked { get; set; }

    public ITurnContext Context { get; } = context;

    public List<DialogInstance> Stack { get; } = stack;

    public DialogInstance? ActiveDialog => Stack.Count > 0 ? Stack[^1] : null;

    /// <summary>The active dialog's own state.</summary>
    public DialogInstanceState State => ActiveDialog?.State ?? throw new InvalidOperationException("No dialog is active.");

    public async Task<DialogTurnResult> BeginDialogAsync(string dialogId, object? options, CancellationToken cancellationToken)
    {
        var dialog = Dialogs.Find(dialogId) ?? throw new InvalidOperationException($"No dialog '{dialogId}' in this set.");
        Stack.Add(new DialogInstance { Id = dialog.Id, Version = dialog.Version });
        return await dialog.BeginAsync(this, options, cancellationToken);
    }

    public Task<DialogTurnResult> PromptAsync(string dialogId, PromptOptions options, CancellationToken cancellationToken) =>
        BeginDialogAsync(dialogId, options, cancellationToken);

    public async Task<DialogTurnResult> ContinueDialogAsync(CancellationToken cancellationToken)
    {
        if (ActiveDialog is not { } active)
        {
            return DialogTurnResult.Empty;
        }

        return await EnsureKnown(active).ContinueAsync(this, cancellationToken);
    }

    public async Task<DialogTurnResult> EndDialogAsync(object? result, CancellationToken cancellationToken)
    {
        if (Stack.Count > 0)
        {
            Stack.RemoveAt(Stack.Count - 1);
        }

        if (ActiveDialog is { } parent)
        {
            return await EnsureKnown(parent).ResumeAsync(this, result, cancellationToken);
        }

        return new DialogTurnResult(DialogTurnStatus.Complete, result);
    }

    public async Task<DialogTurnResult> ReplaceDialogAsync(string dialogId, object? options, CancellationToken cancellationToken)
    {
        if (Stack.Count > 0)
        {
            Stack.RemoveAt(Stack.Count - 1);
        }

        return await BeginDialogAsync(dialogId, options, cancellationToken);
    }

    public DialogTurnResult CancelAllDialogs()
    {
        Stack.Clear();
        return new DialogTurnResult(DialogTurnStatus.Cancelled);
    }

    public async Task RepromptDialogAsync(CancellationToken cancellationToken)
    {
        if (ActiveDialog is not { } active)
        {
            return;
        }

        // A prompt stores its question as sent; its waterfall step can ask it afresh in the citizen's current language.
        if (EnsureKnown(active) is IPrompt && Stack.Count > 1 && EnsureKnown(Stack[^2]) is WaterfallDialog waterfall)
        {
            Stack.RemoveAt(Stack.Count - 1);
            await waterfall.RunCurrentStepAgainAsync(this, cancellationToken);
            return;
        }

        await EnsureKnown(active).RepromptAsync(this, cancellationToken);
    }

    /// <summary>Finds the dialog for a stored entry, or throws when the entry was written by another version.</summary>
    public Dialog EnsureKnown(DialogInstance instance)
    {
        var dialog = Dialogs.Find(instance.Id);
        if (dialog is null || dialog.Version != instance.Version)
        {
            throw new DialogStateOutdatedException(instance.Id, instance.Version, dialog?.Version);
        }

        if (!StateChecked)
        {
            dialog.EnsureStateIsCurrent(instance);
        }

        return dialog;
    }
}
