using System.Text.Json.Nodes;

namespace ChatIntake.Dialogs.Engine;

/// <summary>A dialog made of dialogs: its own inner stack, persisted inside its state, so it can be reused as one piece.</summary>
public abstract class ComponentDialog(string id) : Dialog(id)
{
    private const string InnerStackKey = "stack";

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

    private DialogContext CreateInnerContext(DialogContext outer) =>
        new(InnerDialogs, outer.Context, ReadInnerStack(outer.State)) { StateChecked = outer.StateChecked };

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

    /// <summary>
    /// The inner stack as entries over the stored nodes themselves (no copy): dialogs change their state in place,
    /// and a turn reads and writes it on every message.
    /// </summary>
    private static List<DialogInstance> ReadInnerStack(JsonObject state)
    {
        if (state[InnerStackKey] is not JsonArray stored)
        {
            return [];
        }

        var stack = new List<DialogInstance>(stored.Count);
        foreach (var node in stored)
        {
            if (node is not JsonObject entry || entry["id"]?.GetValue<string>() is not { } id || entry["version"] is not JsonValue version)
            {
                throw new DialogStateOutdatedException("(unreadable inner stack)", 0, null);
            }

            if (entry["state"] is not JsonObject own)
            {
                own = [];
                entry["state"] = own;
            }

            stack.Add(new DialogInstance { Id = id, Version = version.GetValue<int>(), State = own });
        }

        return stack;
    }

    private static void SaveInnerStack(JsonObject state, List<DialogInstance> stack)
    {
        var stored = new JsonArray();
        foreach (var instance in stack)
        {
            // A state still held by the previous array's node moves to the new one.
            (instance.State.Parent as JsonObject)?.Remove("state");
            stored.Add(new JsonObject { ["id"] = instance.Id, ["version"] = instance.Version, ["state"] = instance.State });
        }

        state[InnerStackKey] = stored;
    }
}
