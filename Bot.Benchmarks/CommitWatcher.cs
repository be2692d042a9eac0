using System.Collections.Concurrent;
using System.Diagnostics;

namespace ChatIntake.Benchmarks;

/// <summary>
/// Turns <c>TurnProcessor.TurnsCommitted</c> into one awaitable per inbox id, stamped with the moment of the commit.
/// </summary>
internal sealed class CommitWatcher
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource<long>> _turns = new();

    /// <summary>The handler for <c>TurnsCommitted</c>; it runs on the turn worker, so it only stamps and signals.</summary>
    public void OnCommitted(IReadOnlyList<long> inboxIds)
    {
        var committedAt = Stopwatch.GetTimestamp();
        foreach (var id in inboxIds)
        {
            Slot(id).TrySetResult(committedAt);
        }
    }

    /// <summary>The Stopwatch timestamp at which the turn for <paramref name="inboxId"/> was committed.</summary>
    public async Task<long> WaitAsync(long inboxId, CancellationToken cancellationToken)
    {
        try
        {
            // The slot may already be complete: the turn can commit before AcceptWithIdAsync's caller resumes.
            return await Slot(inboxId).Task.WaitAsync(cancellationToken);
        }
        finally
        {
            _turns.TryRemove(inboxId, out _);
        }
    }

    private TaskCompletionSource<long> Slot(long inboxId) =>
        _turns.GetOrAdd(inboxId, static _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
}
