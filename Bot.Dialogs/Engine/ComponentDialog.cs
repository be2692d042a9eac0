namespace ChatIntake.Dialogs.Engine;

/// <summary>A dialog made of dialogs: its own inner stack, persisted inside its state, so it can be reused as one piece.</summary>
public abstract class ComponentDialog(string id) : Dialog(id)
{
    protected DialogSet InnerDialogs { get; } = new();

    protected string? InitialDialogId { get; set; }

    protected ComponentDialog AddDialog(Dialog dialog)
    {
        InnerDialogs.Add(dialog);
        InitialDialogId ??= dialog.Id;
        return this;
    }

    public override async Task<DialogTurnResult> BeginAsync(DialogContext dc, object? options, CancellationToken cancellationToken)
    {
        var inner = CreateInnerContext(dc);
        var result = await inner.BeginDialogAsync(InitialDialogId ?? throw new InvalidOperationException($"{Id} has no dialogs."), options, cancellationToken);
        return await EndIfDoneAsync(dc, result, cancellationToken);
    }

    public override async Task<DialogTurnResult> ContinueAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var inner = CreateInnerContext(dc);
        var result = await inner.ContinueDialogAsync(cancellationToken);
        return await EndIfDoneAsync(dc, result, cancellationToken);
    }

    public override async Task RepromptAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        await CreateInnerContext(dc).RepromptDialogAsync(cancellationToken);
    }

    internal override void EnsureStateIsCurrent(DialogInstance instance)
    {
        foreach (var entry in instance.State.Stack ?? [])
        {
            var dialog = InnerDialogs.Find(entry.Id);
            if (dialog is null || dialog.Version != entry.Version)
            {
                throw new DialogStateOutdatedException(entry.Id, entry.Version, dialog?.Version);
            }

            dialog.EnsureStateIsCurrent(entry);
        }
    }

    /// <summary>The inner stack is the stored list itself: the inner dialogs change it in place.</summary>
    private DialogContext CreateInnerContext(DialogContext outer) =>
        new(InnerDialogs, outer.Context, outer.State.Stack ??= []) { StateChecked = outer.StateChecked };

    private static async Task<DialogTurnResult> EndIfDoneAsync(DialogContext outer, DialogTurnResult result, CancellationToken cancellationToken) =>
        result.Status switch
        {
            DialogTurnStatus.Complete => await outer.EndDialogAsync(result.Result, cancellationToken),
            DialogTurnStatus.Cancelled or DialogTurnStatus.Empty => await outer.EndDialogAsync(null, cancellationToken),
            _ => DialogTurnResult.Waiting,
        };
}
