namespace ChatIntake.Statistics;

/// <summary>
/// The daily figures' cells as last read, per day (or month) key and per reader's filter and summing, kept until a fold
/// or rebuild in this process writes that key: a long period's past days and months are read from SQLite once, not on
/// every request. Only for SQLite, whose one process is the one writer of the cells (on PostgreSQL other instances fold too).
/// </summary>
internal sealed class CellCache
{
    /// <summary>Past this many cached cells the cache starts over: a bound on memory, not a policy.</summary>
    public const int MaxCells = 200_000;

    private readonly Lock _lock = new();
    private readonly Dictionary<int, long> _changedAt = [];
    private readonly Dictionary<(string Query, int Day), Entry> _entries = [];
    private long _sequence;
    private long _clearedAt;
    private int _cells;

    /// <summary>The cells of one key as read, summed, and each stored cell's received count.</summary>
    public sealed record Entry(long ReadAt, List<(CellKey Key, FigureCell Cell)> Cells, Dictionary<CellKey, int> Received);

    /// <summary>Where the cache stands now: taken before reading, so a write committed during the read makes what was read stale.</summary>
    public long Now
    {
        get
        {
            lock (_lock)
            {
                return _sequence;
            }
        }
    }

    public Entry? Find(string query, int day)
    {
        lock (_lock)
        {
            return _entries.TryGetValue((query, day), out var entry) && !Stale(entry, day) ? entry : null;
        }
    }

    public void Keep(string query, int day, Entry entry)
    {
        lock (_lock)
        {
            if (Stale(entry, day))
            {
                return;
            }

            if (_cells + entry.Cells.Count > MaxCells)
            {
                _entries.Clear();
                _cells = 0;
            }

            if (_entries.Remove((query, day), out var old))
            {
                _cells -= old.Cells.Count;
            }

            _entries[(query, day)] = entry;
            _cells += entry.Cells.Count;
        }
    }

    /// <summary>A fold wrote the cells of these keys.</summary>
    public void Changed(IEnumerable<int> days)
    {
        lock (_lock)
        {
            _sequence++;
            foreach (var day in days)
            {
                _changedAt[day] = _sequence;
            }
        }
    }

    /// <summary>Every cell rewritten (a rebuild) or not to be trusted (an invalidation).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _sequence++;
            _clearedAt = _sequence;
            _entries.Clear();
            _changedAt.Clear();
            _cells = 0;
        }
    }

    /// <summary>Read before the last write of its key, or before the last clearing (called under the lock).</summary>
    private bool Stale(Entry entry, int day) => entry.ReadAt < Math.Max(_clearedAt, _changedAt.GetValueOrDefault(day));
}
