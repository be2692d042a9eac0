namespace ChatIntake.Data;

/// <summary>
/// One writer at a time inside this process. SQLite allows a single writer anyway, and a writer that finds the
/// file locked sleeps in SQLite's busy handler for milliseconds; waiting here instead hands the lock over at once.
/// </summary>
public sealed class WriteGate
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<Releaser> EnterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        return new Releaser(_gate);
    }

    public readonly struct Releaser(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
