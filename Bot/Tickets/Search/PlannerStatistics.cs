using ChatIntake.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tickets.Search;

/// <summary>
/// The one writer of SQLite's planner statistics, run at start once the derived indexes exist. A database grown by use
/// has none, and statistics for some indexes but not others lead the planner astray: without those of the open-ticket
/// indexes it counted targets missed through every ticket (0.9 s at a million instead of 15 ms); with only those, a
/// district's dashboard took 0.9–1.5 s instead of 20–110 ms. Sampled (<c>analysis_limit</c>), so a second or two.
/// </summary>
internal static class PlannerStatistics
{
    /// <summary>Below this the planner's guesses do as well, and the tests' small databases keep their plans.</summary>
    public const int TicketsWorthAnalysing = 10_000;

    /// <summary>
    /// Every table and index sampled once the tickets are many and none has statistics; afterwards the indexes that have
    /// none yet (one added by an upgrade) are sampled, and <c>PRAGMA optimize</c> re-samples the tables whose size has
    /// changed manyfold since (0x10000: all tables, not only those this connection read).
    /// </summary>
    public static async Task EnsureAsync(IntakeDbContext db, CancellationToken cancellationToken)
    {
        var analysed = await db.Database.SqlQuery<long>($"""SELECT count(*) AS "Value" FROM sqlite_master WHERE name = 'sqlite_stat1'""").SingleAsync(cancellationToken) > 0;
        if (!analysed)
        {
            var many = await db.Database.SqlQuery<long>(
                $"""SELECT count(*) AS "Value" FROM (SELECT 1 FROM "Tickets" LIMIT {TicketsWorthAnalysing})""").SingleAsync(cancellationToken) >= TicketsWorthAnalysing;
            if (many)
            {
                await db.Database.ExecuteSqlRawAsync("PRAGMA analysis_limit=1000; ANALYZE;", cancellationToken);
            }

            return;
        }

        var unanalysed = await db.Database.SqlQuery<string>($"""
            SELECT name AS "Value" FROM sqlite_master
            WHERE type = 'index' AND tbl_name = 'Tickets' AND name NOT IN (SELECT idx FROM sqlite_stat1 WHERE idx IS NOT NULL)
            """).ToListAsync(cancellationToken);
        // Index names come from the schema itself, quoted; nothing typed by anyone reaches this statement.
        var sql = "PRAGMA analysis_limit=1000; " + string.Concat(unanalysed.Select(name => $"ANALYZE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"; ")) + "PRAGMA optimize=0x10002;";
        await db.Database.ExecuteSqlRawAsync(sql, cancellationToken);
    }
}
