using System.Collections.Concurrent;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;
using ChatIntake.Outbox;

namespace ChatIntake.Benchmarks;

/// <summary>
/// A messenger that accepts every message at once, so the benchmark measures the pipeline and not a network. It
/// notes how each citizen's report ended (ticket, or the duplicate offer), as the citizen reading it would.
/// </summary>
internal sealed class BenchChannel : IChannel
{
    public const string ChannelName = "bench";

    // One completed task for every send: the dispatcher's cost is what is measured, not this stub's allocations.
    private static readonly Task<SendResult> Delivered = Task.FromResult(SendResult.Sent());
    private static readonly string Registered = TextCatalog.Default.Get("report.created", IntakeCultures.English).Split('\n')[0];
    private static readonly string Different = TextCatalog.Default.Get("report.duplicate.different", IntakeCultures.English);

    private readonly ConcurrentDictionary<string, TaskCompletionSource<bool>> _offers = new();
    private long _firstSendAt;

    public string Name => ChannelName;

    /// <summary>The Stopwatch timestamp of the first message handed to this channel, if any.</summary>
    public long? FirstSendAt => Interlocked.Read(ref _firstSendAt) is var at and not 0 ? at : null;

    public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        Interlocked.CompareExchange(ref _firstSendAt, System.Diagnostics.Stopwatch.GetTimestamp(), 0);
        var activity = message.Activity;
        if (activity.Text?.StartsWith(Registered, StringComparison.Ordinal) == true)
        {
            Outcome(message.ChatId).TrySetResult(false);
        }
        else if (activity.SuggestedActions.Any(a => a.Title == Different))
        {
            Outcome(message.ChatId).TrySetResult(true);
        }

        return Delivered;
    }

    /// <summary>True when the chat was offered an existing ticket instead of getting one; false once its ticket is registered.</summary>
    public Task<bool> WasOfferedDuplicateAsync(string chatId, CancellationToken cancellationToken) =>
        Outcome(chatId).Task.WaitAsync(cancellationToken);

    /// <summary>Starts listening afresh for the chat's next outcome.</summary>
    public void Forget(string chatId) => _offers.TryRemove(chatId, out _);

    private TaskCompletionSource<bool> Outcome(string chatId) =>
        _offers.GetOrAdd(chatId, _ => new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
}
