using ChatIntake.Data;

namespace ChatIntake.Tickets.Search;

/// <summary>
/// Full-text search over tickets (code, description, address and thread). One implementation per database provider:
/// <see cref="SqliteTicketSearch"/> (FTS5) and <see cref="PostgresTicketSearch"/> (a tsvector under a GIN index).
/// </summary>
public interface ITicketSearch
{
    /// <summary>
    /// The ids of the tickets whose text holds every word typed (each as a word prefix), to compose into a query; none
    /// when nothing searchable was typed. Bounded: past some ten thousand matches only the newest are returned (the
    /// queue then says "more than"), so a common word costs what a rare one does.
    /// </summary>
    IQueryable<long> MatchingIds(IntakeDbContext db, string typed);

    /// <summary>Indexes what waits to be indexed (new tickets, on SQLite), so that a search that follows finds every ticket stored.</summary>
    Task CatchUpAsync(IntakeDbContext db, CancellationToken cancellationToken);

    /// <summary>Creates the index and what keeps it in step if missing, and fills it from the tickets already stored.</summary>
    Task EnsureIndexAsync(IntakeDbContext db, CancellationToken cancellationToken);
}
