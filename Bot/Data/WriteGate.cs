namespace ChatIntake.Data;

/// <summary>
/// One writer at a time inside this process. SQLite allows a single writer anyway, and a writer that finds the
/// file locked sleeps in SQLite's busy handler for milliseconds; waiting here instead hands the lock over at once.
/// </summary>
public sealed class WriteGate
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private int _waiting;

    /// <summary>How many callers are waiting to enter (or entering); lets a test act exactly while a writer waits.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public async Task<Releaser> EnterAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            await _gate.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        return new Releaser(_gate);
    }

    public readonly struct Releaser(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
