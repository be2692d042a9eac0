namespace ChatIntake.Outbox;

/// <summary>Wakes the dispatcher when a commit has put new messages in the outbox, so replies leave at once instead of at the next poll.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);
    private long _generation;

    /// <summary>Counts the commits signalled so far: a dispatch round that sees it move knows new messages (perhaps replies) wait.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public void Notify()
    {
        Interlocked.Increment(ref _generation);
        if (_signal.CurrentCount == 0)
        {
            try
            {
                _signal.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another commit signalled at the same moment: one wake-up is enough.
            }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
