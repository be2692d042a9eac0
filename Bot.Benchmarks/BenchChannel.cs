using ChatIntake.Outbox;

namespace ChatIntake.Benchmarks;

/// <summary>
/// A messenger that accepts every message at once, so the benchmark measures the pipeline and not a network.
/// </summary>
internal sealed class BenchChannel : IChannel
{
    public const string ChannelName = "bench";

    // One completed task for every send: the dispatcher's cost is what is measured, not this stub's allocations.
    private static readonly Task<SendResult> Delivered = Task.FromResult(SendResult.Sent());

    public string Name => ChannelName;

    public Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken) => Delivered;
}
