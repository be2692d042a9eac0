using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChatIntake.Dialogs.Engine;

/// <summary>Asks, recognises the answer, validates it, and asks again with a reason until it gets a good one.</summary>
public abstract class Prompt<T>(string id, PromptValidator<T>? validator) : Dialog(id), IPrompt
{
    private static readonly JsonSerializerOptions JsonOptions = DialogJson.Options;

    /// <summary>Shared by every prompt: the options waiting in stored state are read once per distinct text.</summary>
    private static readonly JsonReadMemo<PromptOptions> WaitingOptions = new(512, JsonOptions);

    public override async Task<DialogTurnResult> BeginAsync(DialogContext dc, object? options, CancellationToken cancellationToken)
    {
        if (options is OwnQuestion && !(dc.Stack.Count > 1 && dc.EnsureKnown(dc.Stack[^2]) is WaterfallDialog))
        {
            throw new InvalidOperationException($"Prompt '{Id}': only a waterfall step may ask a question of its own, since only the step can ask it again.");
        }

        var (promptOptions, json, question, shared) = options switch
        {
            OwnQuestion own => (own.Options.Options, own.Options.Json, own.Question, own.Options),
            PreparedPromptOptions prepared => (prepared.Options, prepared.Json, prepared.Options.Prompt, prepared),
            PromptOptions fresh => (fresh, JsonSerializer.Serialize(fresh, JsonOptions), fresh.Prompt, null),
            _ => throw new ArgumentException("A prompt needs PromptOptions.", nameof(options)),
        };

        if (shared is not null && dc.Context.Services.GetService(typeof(IPromptOptionsStore)) is IPromptOptionsStore store)
        {
            store.Keep(shared);
            dc.State.SharedOptions = shared.Key;
        }
        else
        {
            // Kept as one JSON string, not a tree: the state is parsed and written on every turn, the options only read.
            dc.State.Options = json;
        }

        dc.State.Attempts = 0;
        await dc.Context.SendAsync(Decorate(question, promptOptions, dc.Context), cancellationToken);
        return DialogTurnResult.Waiting;
    }

    public override async Task<DialogTurnResult> ContinueAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var activity = dc.Context.Activity;
        if (activity.Type is not (ActivityTypes.Message or ActivityTypes.Event))
        {
            return DialogTurnResult.Waiting;
        }

        var options = await ReadOptionsAsync(dc, cancellationToken);
        var attempts = (dc.State.Attempts ?? 0) + 1;
        dc.State.Attempts = attempts;

        var recognized = Recognize(activity, options, dc.Context);
        var validation = new PromptValidatorContext<T>(dc.Context, recognized, options, attempts);
        var valid = validator is null ? recognized.Succeeded : await validator(validation, cancellationToken);
        if (valid)
        {
            return await dc.EndDialogAsync(validation.Recognized.Value, cancellationToken);
        }

        var retry = options.RetryPrompt ?? options.Prompt;
        if (validation.RejectionMessage is { } reason)
        {
            retry = retry with { Text = reason };
        }

        await dc.Context.SendAsync(Decorate(retry with { SuggestedActions = options.Prompt.SuggestedActions }, options, dc.Context), cancellationToken);
        return DialogTurnResult.Waiting;
    }

    public override async Task RepromptAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var options = await ReadOptionsAsync(dc, cancellationToken);
        await dc.Context.SendAsync(Decorate(options.Prompt, options, dc.Context), cancellationToken);
    }

    protected abstract PromptRecognizerResult<T> Recognize(Activity activity, PromptOptions options, ITurnContext context);

    /// <summary>Adds what the prompt type shows besides the question, e.g. the choices as quick replies.</summary>
    protected virtual Activity Decorate(Activity prompt, PromptOptions options, ITurnContext context) => prompt;

    private static async ValueTask<PromptOptions> ReadOptionsAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        if (dc.State.SharedOptions is { } key)
        {
            // Gone from the store (a database restored from before they were kept): the conversation restarts politely.
            var store = dc.Context.Services.GetService(typeof(IPromptOptionsStore)) as IPromptOptionsStore;
            return (store is null ? null : await store.FindAsync(key, cancellationToken))
                ?? throw new DialogStateOutdatedException(dc.ActiveDialog!.Id, dc.ActiveDialog.Version, null);
        }

        // As read from the store the options are its escaped text, looked up as they stand; set this turn, a string.
        // State saved before options were kept as a string holds them as an object; all read the same.
        var options = dc.State.Options switch
        {
            JsonValue value when value.TryGetValue<JsonElement>(out var stored) && stored.ValueKind == JsonValueKind.String => WaitingOptions.ReadNested(stored),
            JsonValue value when value.TryGetValue<string>(out var json) => WaitingOptions.Read(json),
            { } node => node.Deserialize<PromptOptions>(JsonOptions),
            null => null,
        };
        return options ?? throw new DialogStateOutdatedException(dc.ActiveDialog!.Id, dc.ActiveDialog.Version, null);
    }
}
