using ChatIntake.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tickets.Search;

/// <summary>
/// SQLite's planner statistics, which nothing else writes: a database grown by use has none, and the start-up's
/// statistics for the derived indexes alone led the district views' queries through the wrong indexes (a district's
/// dashboard 0.9–1.5 s instead of 20–110 ms at a million tickets). Sampled (<c>analysis_limit</c>), so a second or two.
/// </summary>
internal static class PlannerStatistics
{
    /// <summary>Below this the planner's guesses do as well, and the tests' small databases keep their plans.</summary>
    public const int TicketsWorthAnalysing = 10_000;

    /// <summary>
    /// Every table and index sampled once the tickets are many and no statistics cover them; afterwards
    /// <c>PRAGMA optimize</c> re-samples only the tables whose size has changed manyfold since (0x10000: all tables).
    /// </summary>
    public static async Task EnsureAsync(IntakeDbContext db, CancellationToken cancellationToken)
    {
        var many = await db.Database.SqlQuery<long>(
            $"""SELECT count(*) AS "Value" FROM (SELECT 1 FROM "Tickets" LIMIT {TicketsWorthAnalysing})""").SingleAsync(cancellationToken) >= TicketsWorthAnalysing;
        if (!many)
        {
            return;
        }

        var analysed = await db.Database.SqlQuery<long>($"""SELECT count(*) AS "Value" FROM sqlite_master WHERE name = 'sqlite_stat1'""").SingleAsync(cancellationToken) > 0
            && await db.Database.SqlQuery<long>($"""SELECT count(*) AS "Value" FROM sqlite_stat1 WHERE tbl = 'Tickets' AND idx = 'IX_Tickets_CreatedAt'""").SingleAsync(cancellationToken) > 0;
        await db.Database.ExecuteSqlRawAsync(analysed ? "PRAGMA analysis_limit=1000; PRAGMA optimize=0x10002;" : "PRAGMA analysis_limit=1000; ANALYZE;", cancellationToken);
    }
}
