namespace ChatIntake.Conversations;

/// <summary>
/// Hands out committed inbox messages so that one conversation has at most one turn in flight, in arrival order,
/// while different conversations run side by side.
/// </summary>
public sealed class TurnQueue
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ConversationKey, LinkedList<QueuedTurn>> _pending = [];
    private readonly HashSet<ConversationKey> _scheduled = [];
    private readonly Queue<ConversationKey> _ready = new();
    private readonly SemaphoreSlim _readyCount = new(0);

    public void Enqueue(QueuedTurn turn)
    {
        lock (_gate)
        {
            if (!_pending.TryGetValue(turn.Key, out var queue))
            {
                _pending[turn.Key] = queue = new LinkedList<QueuedTurn>();
            }

            queue.AddLast(turn);
            ScheduleIfIdle(turn.Key);
        }
    }

    /// <summary>Waits for at least one ready conversation and takes up to <paramref name="max"/>, one message each.</summary>
    public async Task<IReadOnlyList<QueuedTurn>> TakeBatchAsync(int max, CancellationToken cancellationToken)
    {
        await _readyCount.WaitAsync(cancellationToken);
        var batch = new List<QueuedTurn>();
        lock (_gate)
        {
            do
            {
                var key = _ready.Dequeue();
                var queue = _pending[key];
                batch.Add(queue.First!.Value);
                queue.RemoveFirst();
            }
            while (batch.Count < max && _readyCount.Wait(0));
        }

        return batch;
    }

    /// <summary>The turn is done: the conversation's next message, if any, becomes ready.</summary>
    public void Complete(ConversationKey key)
    {
        lock (_gate)
        {
            _scheduled.Remove(key);
            if (_pending.TryGetValue(key, out var queue) && queue.Count == 0)
            {
                _pending.Remove(key);
                return;
            }

            ScheduleIfIdle(key);
        }
    }

    /// <summary>The turn could not be saved: put it back in front, so order is kept when it is tried again.</summary>
    public void Retry(QueuedTurn turn)
    {
        lock (_gate)
        {
            if (!_pending.TryGetValue(turn.Key, out var queue))
            {
                _pending[turn.Key] = queue = new LinkedList<QueuedTurn>();
            }

            queue.AddFirst(turn);
            _scheduled.Remove(turn.Key);
            ScheduleIfIdle(turn.Key);
        }
    }

    private void ScheduleIfIdle(ConversationKey key)
    {
        if (_scheduled.Add(key))
        {
            _ready.Enqueue(key);
            _readyCount.Release();
        }
    }
}
