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
    private readonly HashSet<long> _waiting = [];

    /// <summary>Whether this inbox message waits here to be taken (not counting the turns being run now).</summary>
    public bool IsWaiting(long inboxId)
    {
        lock (_gate)
        {
            return _waiting.Contains(inboxId);
        }
    }

    public void Enqueue(QueuedTurn turn)
    {
        lock (_gate)
        {
            if (!_pending.TryGetValue(turn.Key, out var queue))
            {
                _pending[turn.Key] = queue = new LinkedList<QueuedTurn>();
            }

            queue.AddLast(turn);
            _waiting.Add(turn.InboxId);
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
                _waiting.Remove(queue.First.Value.InboxId);
                queue.RemoveFirst();
            }
            while (batch.Count < max && _readyCount.Wait(0));
        }

        return batch;
    }

    /// <summary>
    /// Takes the conversation for a turn run outside the queue, if nothing of it waits or runs now; until
    /// <see cref="Complete"/>, its messages enqueued meanwhile wait behind that turn.
    /// </summary>
    public bool TryClaim(ConversationKey key)
    {
        lock (_gate)
        {
            return !_pending.ContainsKey(key) && _scheduled.Add(key);
        }
    }

    /// <summary>The turn is done: the conversation's next message, if any, becomes ready.</summary>
    public void Complete(ConversationKey key)
    {
        lock (_gate)
        {
            _scheduled.Remove(key);
            if (!_pending.TryGetValue(key, out var queue))
            {
                return;
            }

            if (queue.Count == 0)
            {
                _pending.Remove(key);
                return;
            }

            ScheduleIfIdle(key);
        }
    }

    /// <summary>
    /// An update another instance stored earlier ran in this one's place: it goes back in front while its conversation
    /// is still in flight, so <see cref="Complete"/> makes it the next one ready.
    /// </summary>
    public void PutBack(QueuedTurn turn)
    {
        lock (_gate)
        {
            if (!_pending.TryGetValue(turn.Key, out var queue))
            {
                _pending[turn.Key] = queue = new LinkedList<QueuedTurn>();
            }

            queue.AddFirst(turn);
            _waiting.Add(turn.InboxId);
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
            _waiting.Add(turn.InboxId);
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
