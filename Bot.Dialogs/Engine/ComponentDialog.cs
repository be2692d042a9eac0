using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChatIntake.Dialogs.Engine;

/// <summary>A dialog made of dialogs: its own inner stack, persisted inside its state, so it can be reused as one piece.</summary>
public abstract class ComponentDialog(string id) : Dialog(id)
{
    private const string InnerStackKey = "stack";
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

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
        return await EndIfDoneAsync(dc, inner, result, cancellationToken);
    }

    public override async Task<DialogTurnResult> ContinueAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var inner = CreateInnerContext(dc);
        var result = await inner.ContinueDialogAsync(cancellationToken);
        return await EndIfDoneAsync(dc, inner, result, cancellationToken);
    }

    public override async Task RepromptAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var inner = CreateInnerContext(dc);
        await inner.RepromptDialogAsync(cancellationToken);
        SaveInnerStack(dc.State, inner.Stack);
    }

    internal override void EnsureStateIsCurrent(DialogInstance instance)
    {
        foreach (var entry in ReadInnerStack(instance.State))
        {
            var dialog = InnerDialogs.Find(entry.Id);
            if (dialog is null || dialog.Version != entry.Version)
            {
                throw new DialogStateOutdatedException(entry.Id, entry.Version, dialog?.Version);
            }

            dialog.EnsureStateIsCurrent(entry);
        }
    }

    private DialogContext CreateInnerContext(DialogContext outer) => new(InnerDialogs, outer.Context, ReadInnerStack(outer.State));

    private async Task<DialogTurnResult> EndIfDoneAsync(DialogContext outer, DialogContext inner, DialogTurnResult result, CancellationToken cancellationToken)
    {
        SaveInnerStack(outer.State, inner.Stack);
        return result.Status switch
        {
            DialogTurnStatus.Complete => await outer.EndDialogAsync(result.Result, cancellationToken),
            DialogTurnStatus.Cancelled or DialogTurnStatus.Empty => await outer.EndDialogAsync(null, cancellationToken),
            _ => DialogTurnResult.Waiting,
        };
    }

    private static List<DialogInstance> ReadInnerStack(JsonObject state) =>
        state[InnerStackKey]?.Deserialize<List<DialogInstance>>(JsonOptions) ?? [];

    private static void SaveInnerStack(JsonObject state, List<DialogInstance> stack) =>
        state[InnerStackKey] = JsonSerializer.SerializeToNode(stack, JsonOptions);
}
