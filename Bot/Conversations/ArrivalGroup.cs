namespace ChatIntake.Conversations;

/// <summary>
/// Updates whose turns ran on arrival (<see cref="TurnProcessor.TurnOnArrivalAsync"/>) and wait for the commit that stores
/// them with their turns (<see cref="TurnProcessor.CommitArrivalsAsync"/>). Their conversations stay claimed until that
/// commit, or, when it fails, until this group is disposed: the inbox stores and queues them first, so they keep their place.
/// </summary>
public sealed class ArrivalGroup : IAsyncDisposable
{
    private readonly TurnQueue _queue;
    private bool _released;

    internal ArrivalGroup(TurnQueue queue, int count)
    {
        _queue = queue;
        Count = count;
    }

    /// <summary>How many updates the group was offered; <see cref="Taken"/> holds those turned, by their index among them.</summary>
    public int Count { get; }

    internal List<(int Index, QueuedTurn Turn)> Taken { get; } = [];

    /// <summary>The turns run and waiting for their commit; null when nothing was taken or a turn failed.</summary>
    internal TurnProcessor.PreparedTurns? Prepared { get; set; }

    /// <summary>Each taken update with its stored form, in the order of <see cref="Taken"/>.</summary>
    internal IReadOnlyList<(InboundUpdate Update, string Payload)> Arrivals { get; set; } = [];

    internal void ReleaseClaims()
    {
        if (_released)
        {
            return;
        }

        _released = true;
        foreach (var (_, turn) in Taken)
        {
            _queue.Complete(turn.Key);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Prepared is { } prepared)
        {
            Prepared = null;
            await prepared.DisposeAsync();
        }

        ReleaseClaims();
    }
}
