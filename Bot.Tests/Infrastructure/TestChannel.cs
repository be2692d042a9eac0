using System.Collections.Concurrent;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Outbox;

namespace ChatIntake.Tests.Infrastructure;

/// <summary>An in-process messenger: records what the outbox delivers, and can be told to fail.</summary>
public sealed class TestChannel : IChannel
{
    public const string ChannelName = "test";

    private readonly ConcurrentQueue<(string ChatId, Activity Activity)> _delivered = new();
    private readonly ConcurrentDictionary<long, int> _attempts = new();

    public string Name => ChannelName;

    /// <summary>Decides each attempt's outcome (by outbox id and attempt number); delivers when null.</summary>
    public Func<OutboundMessage, int, SendResult?>? Behaviour { get; set; }

    /// <summary>The time a send spends on its way to the messenger, before <see cref="Behaviour"/> judges it (none when null).</summary>
    public Func<OutboundMessage, CancellationToken, Task>? OnTheWay { get; set; }

    public IReadOnlyList<(string ChatId, Activity Activity)> Delivered => [.. _delivered];

    public IReadOnlyList<Activity> DeliveredTo(string chatId) => [.. _delivered.Where(d => d.ChatId == chatId).Select(d => d.Activity)];

    public int AttemptsFor(long outboxId) => _attempts.GetValueOrDefault(outboxId);

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var attempt = _attempts.AddOrUpdate(message.OutboxId, 1, (_, n) => n + 1);
        if (OnTheWay is { } way)
        {
            await way(message, cancellationToken);
        }

        if (Behaviour?.Invoke(message, attempt) is { } outcome)
        {
            return outcome;
        }

        _delivered.Enqueue((message.ChatId, message.Activity));
        return SendResult.Sent($"m{message.OutboxId}");
    }
}
