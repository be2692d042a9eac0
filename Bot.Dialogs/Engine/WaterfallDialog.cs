using System.Text.Json;

namespace ChatIntake.Dialogs.Engine;

/// <summary>Runs named steps in order; each step prompts (and waits) or moves on.</summary>
public class WaterfallDialog : Dialog
{
    internal static readonly JsonSerializerOptions JsonOptions = DialogJson.Options;

    private readonly List<WaterfallStep> _steps;

    public WaterfallDialog(string id, IEnumerable<WaterfallStep> steps) : base(id)
    {
        _steps = [.. steps];
        if (_steps.Count == 0 || _steps.Select(s => s.Name).Distinct(StringComparer.Ordinal).Count() != _steps.Count)
        {
            throw new ArgumentException("A waterfall needs at least one step and unique step names.", nameof(steps));
        }
    }

    public override Task<DialogTurnResult> BeginAsync(DialogContext dc, object? options, CancellationToken cancellationToken)
    {
        dc.State.Values = options is null ? new() : JsonSerializer.SerializeToNode(options, options.GetType(), JsonOptions) is System.Text.Json.Nodes.JsonObject o ? o : new();
        return RunStepAsync(dc, _steps[0].Name, null, isRerun: false, cancellationToken);
    }

    /// <summary>The waterfall itself is on top (a step waited without a prompt): the next message feeds the next step.</summary>
    public override Task<DialogTurnResult> ContinueAsync(DialogContext dc, CancellationToken cancellationToken) =>
        ResumeAsync(dc, dc.Context.Activity.Text, cancellationToken);

    public override Task<DialogTurnResult> ResumeAsync(DialogContext dc, object? result, CancellationToken cancellationToken)
    {
        var index = IndexOf(dc);
        return index + 1 < _steps.Count
            ? RunStepAsync(dc, _steps[index + 1].Name, result, isRerun: false, cancellationToken)
            : dc.EndDialogAsync(result, cancellationToken);
    }

    public override Task RepromptAsync(DialogContext dc, CancellationToken cancellationToken) =>
        RunCurrentStepAgainAsync(dc, cancellationToken);

    internal Task<DialogTurnResult> RunCurrentStepAgainAsync(DialogContext dc, CancellationToken cancellationToken) =>
        RunStepAsync(dc, _steps[IndexOf(dc)].Name, null, isRerun: true, cancellationToken);

    internal async Task<DialogTurnResult> RunStepAsync(DialogContext dc, string stepName, object? result, bool isRerun, CancellationToken cancellationToken)
    {
        var step = _steps.Find(s => s.Name == stepName) ?? throw new InvalidOperationException($"Waterfall '{Id}' has no step '{stepName}'.");
        dc.State.Step = step.Name;
        return await step.Run(new WaterfallStepContext(this, dc, result, isRerun), cancellationToken);
    }

    internal override void EnsureStateIsCurrent(DialogInstance instance)
    {
        var stored = instance.State.Step;
        if (stored is not null && _steps.FindIndex(s => s.Name == stored) < 0)
        {
            throw new DialogStateOutdatedException(Id, instance.Version, Version);
        }
    }

    private int IndexOf(DialogContext dc)
    {
        var name = dc.State.Step;
        var index = _steps.FindIndex(s => s.Name == name);
        return index >= 0 ? index : throw new DialogStateOutdatedException(Id, dc.ActiveDialog!.Version, Version);
    }
}
