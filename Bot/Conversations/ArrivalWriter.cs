using System.Threading.Channels;

namespace ChatIntake.Conversations;

/// <summary>
/// An arrival group's commit, written while the group's turns still run: each finished turn is handed over here and its
/// rows are written on another core while the next turn runs, so the dialogs and the writer's statements no longer take
/// turns on one core (<see cref="TurnProcessor.TurnOnArrivalAsync"/>). The writer holds the write gate from the first
/// finished turn until it is told to commit or to give up; giving up rolls everything back.
/// </summary>
internal sealed class ArrivalWriter
{
    private readonly Channel<(TurnProcessor.TurnOutcome Outcome, InboundUpdate Update, string Payload, DateTimeOffset Now)> _finished =
        Channel.CreateUnbounded<(TurnProcessor.TurnOutcome, InboundUpdate, string, DateTimeOffset)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private readonly TaskCompletionSource<bool> _decision = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Turns finished, in the group's order, until <see cref="CommitAsync"/> or <see cref="AbandonAsync"/>.</summary>
    public ChannelReader<(TurnProcessor.TurnOutcome Outcome, InboundUpdate Update, string Payload, DateTimeOffset Now)> Finished => _finished.Reader;

    /// <summary>True to commit what was written, false to roll it back; known once every turn has been handed over, or given up on.</summary>
    public Task<bool> Decision => _decision.Task;

    /// <summary>The writing, started by the caller: the committed outcomes (with their inbox ids).</summary>
    public Task<IReadOnlyList<TurnProcessor.TurnOutcome>> Written { get; set; } = Task.FromResult<IReadOnlyList<TurnProcessor.TurnOutcome>>([]);

    public void Add(TurnProcessor.TurnOutcome outcome, InboundUpdate update, string payload, DateTimeOffset now) => _finished.Writer.TryWrite((outcome, update, payload, now));

    /// <summary>Whether the group was given up on: what is still handed over need not be written.</summary>
    public bool Abandoned => _decision.Task is { IsCompleted: true, Result: false };

    /// <summary>Every turn was handed over: commit them. Throws what the writing threw (nothing was committed then).</summary>
    public Task<IReadOnlyList<TurnProcessor.TurnOutcome>> CommitAsync()
    {
        _finished.Writer.TryComplete();
        _decision.TrySetResult(true);
        return Written;
    }

    /// <summary>Rolls back whatever was written and waits until the writer has let go of the gate.</summary>
    public async Task AbandonAsync()
    {
        _finished.Writer.TryComplete();
        _decision.TrySetResult(false);
        await ((Task)Written).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
