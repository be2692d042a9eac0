using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChatIntake.Dialogs.Engine;

public sealed class WaterfallStepContext(WaterfallDialog waterfall, DialogContext dc, object? result, bool isRerun)
{
    // Captured now: once a step begins a prompt, the prompt is on top of the stack.
    private readonly DialogInstance _instance = dc.ActiveDialog!;

    public DialogContext DialogContext { get; } = dc;

    public ITurnContext Context => DialogContext.Context;

    /// <summary>What the previous step's prompt or child dialog returned.</summary>
    public object? Result { get; } = result;

    /// <summary>True when the step is asked again (after /lang or /help) rather than reached from the previous step.</summary>
    public bool IsRerun { get; } = isRerun;

    /// <summary>The waterfall's values, persisted with the stack.</summary>
    public JsonObject Values => _instance.State.Values ??= [];

    /// <summary>
    /// A value as it was set. Text, numbers and flags are taken from the node itself; through the serializer each was written
    /// out and read back (a summary's labels were a twentieth of a turn's time, perf).
    /// </summary>
    public T? Get<T>(string key) => Values[key] switch
    {
        null => default,
        JsonValue value when (typeof(T) == typeof(string) || typeof(T) == typeof(bool) || typeof(T) == typeof(int)) && value.TryGetValue<T>(out var direct) => direct,
        var node => node.Deserialize<T>(WaterfallDialog.JsonOptions),
    };

    public void Set<T>(string key, T value) => Values[key] = JsonSerializer.SerializeToNode(value, WaterfallDialog.JsonOptions);

    public void Remove(string key) => Values.Remove(key);

    public Task<DialogTurnResult> NextAsync(object? result, CancellationToken cancellationToken) =>
        waterfall.ResumeAsync(DialogContext, result, cancellationToken);

    public Task<DialogTurnResult> GoToAsync(string stepName, object? result, CancellationToken cancellationToken) =>
        waterfall.RunStepAsync(DialogContext, stepName, result, isRerun: false, cancellationToken);

    public Task<DialogTurnResult> PromptAsync(string dialogId, PromptOptions options, CancellationToken cancellationToken) =>
        DialogContext.PromptAsync(dialogId, options, cancellationToken);

    public Task<DialogTurnResult> PromptAsync(string dialogId, PreparedPromptOptions options, CancellationToken cancellationToken) =>
        DialogContext.BeginDialogAsync(dialogId, options, cancellationToken);

    public Task<DialogTurnResult> PromptAsync(string dialogId, OwnQuestion question, CancellationToken cancellationToken) =>
        DialogContext.BeginDialogAsync(dialogId, question, cancellationToken);

    public Task<DialogTurnResult> BeginDialogAsync(string dialogId, object? options, CancellationToken cancellationToken) =>
        DialogContext.BeginDialogAsync(dialogId, options, cancellationToken);

    public Task<DialogTurnResult> EndDialogAsync(object? result, CancellationToken cancellationToken) =>
        DialogContext.EndDialogAsync(result, cancellationToken);
}
