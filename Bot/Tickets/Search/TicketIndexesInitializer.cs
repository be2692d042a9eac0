using ChatIntake.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tickets.Search;

/// <summary>
/// Runs after the database is migrated (registered after it): the search index and the counts, with their triggers, and
/// the open tickets' partial index (SQLite-shaped like them): the overdue and open views read a few thousand open
/// tickets in date order instead of stepping over a million finished ones.
/// </summary>
internal sealed class TicketIndexesInitializer(IDbContextFactory<IntakeDbContext> contexts, ITicketSearch search, TicketCounts counts) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await search.EnsureIndexAsync(db, cancellationToken);
        await counts.EnsureAsync(db, cancellationToken);
        await db.Database.ExecuteSqlRawAsync(OpenIndex, cancellationToken);
        if (db.Database.IsSqlite())
        {
            await PlannerStatistics.EnsureAsync(db, cancellationToken);
        }
    }

    /// <summary>
    /// The statuses of <see cref="TicketRules.Open"/>, as EF writes that rule in SQL (so SQLite sees the query implies the
    /// index's condition), covering what the overdue rule reads and the dashboard's units (district, category, own
    /// department), so counting overdue tickets, and the targets missed since per unit, never visits the table's rows;
    /// the same led by the district for a district supervisor's open and overdue views (else read through all of the district's tickets).
    /// </summary>
    public const string OpenIndex = """
        DROP INDEX IF EXISTS "IX_Tickets_Open_CreatedAt";
        DROP INDEX IF EXISTS "IX_Tickets_Open";
        DROP INDEX IF EXISTS "IX_Tickets_OpenByDistrict";
        CREATE INDEX IF NOT EXISTS "IX_Tickets_Open2" ON "Tickets" ("CreatedAt", "Status", "AgencySince", "FirstResponseAt", "ResponseDueAt", "ResolutionDueAt",
          "DistrictId", "CategoryId", "Department", "ResolvedAt") WHERE "Status" IN (0, 1, 2);
        CREATE INDEX IF NOT EXISTS "IX_Tickets_OpenByDistrict2" ON "Tickets" ("DistrictId", "CreatedAt", "Status", "AgencySince", "FirstResponseAt", "ResponseDueAt",
          "ResolutionDueAt", "CategoryId", "Department", "ResolvedAt") WHERE "Status" IN (0, 1, 2);
        """;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
