using System.ComponentModel.DataAnnotations;

namespace ChatIntake.Tickets.Search;

/// <summary>
/// Configuration section "SearchIndex": how the follower (<see cref="TicketSearchFollower"/>) fits its indexing of new
/// tickets between the turns' commits on SQLite. A search indexes whatever still waits before it looks, so these only
/// move work around; they never hide a ticket.
/// </summary>
public sealed class SearchIndexOptions
{
    /// <summary>How long the writers (turns, inbox, outbox marks) must leave the gate alone before the follower takes it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:10")]
    public TimeSpan Quiet { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// How long new tickets may wait unindexed while the writers keep busy; past that, a batch goes in after each
    /// <see cref="Quiet"/> period however busy they are (32 tickets every 50 ms, about 640 a second).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan MaxLag { get; set; } = TimeSpan.FromSeconds(2);
}
