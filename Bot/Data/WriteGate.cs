using Microsoft.Extensions.Options;

namespace ChatIntake.Data;

/// <summary>
/// One writer at a time inside this process. SQLite allows a single writer anyway, and a writer that finds the
/// file locked sleeps in SQLite's busy handler for milliseconds; waiting here instead hands the lock over at once.
/// On PostgreSQL concurrent writers are the database's job (and other instances write too): the gate stays open.
/// </summary>
public sealed class WriteGate(IOptions<DatabaseOptions> database, TimeProvider time)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly bool _open = database.Value.IsPostgres;
    private int _waiting;
    private long _lastEnteredAt = long.MinValue;

    /// <summary>How many callers are waiting to enter (or entering); lets a test act exactly while a writer waits.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    public async Task<Releaser> EnterAsync(CancellationToken cancellationToken)
    {
        if (_open)
        {
            return new Releaser(null);
        }

        Interlocked.Increment(ref _waiting);
        try
        {
            await _gate.WaitAsync(cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }

        Volatile.Write(ref _lastEnteredAt, time.GetTimestamp());
        return new Releaser(_gate);
    }

    /// <summary>
    /// Whether a writer that waits for its turn (<see cref="EnterAsync"/>: the turns, the inbox, the outbox's marks) came
    /// through within <paramref name="span"/>: background work that only tries (<see cref="TryEnter"/>) yields to them.
    /// </summary>
    public bool WasEnteredWithin(TimeSpan span) =>
        Volatile.Read(ref _lastEnteredAt) is var at && at != long.MinValue && time.GetElapsedTime(at) < span;

    /// <summary>Enters only if nobody holds the gate now: for work that may as well be left to a background worker.</summary>
    public bool TryEnter(out Releaser releaser)
    {
        if (_open)
        {
            releaser = new Releaser(null);
            return true;
        }

        releaser = new Releaser(_gate);
        return _gate.Wait(0);
    }

    public readonly struct Releaser(SemaphoreSlim? gate) : IDisposable
    {
        public void Dispose() => gate?.Release();
    }
}
