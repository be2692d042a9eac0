using ChatIntake.Tests.Infrastructure;
using ChatIntake.Tickets.Search;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Tickets;

/// <summary>A database grown by use has no planner statistics until the product writes them; a small one is left as it is.</summary>
[Trait("Database", "SqliteOnly")] // SQLite's ANALYZE; PostgreSQL's autovacuum keeps its own statistics
public sealed class PlannerStatisticsTests : IAsyncLifetime
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"planner-stats-{Guid.NewGuid():N}.db");

    public async Task InitializeAsync()
    {
        await using var db = await TestDatabase.MigratedAsync(_file);
    }

    public Task DisposeAsync()
    {
        TestDatabase.Delete(_file);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_grown_database_without_statistics_gets_them_for_its_tickets_indexes()
    {
        await using var db = await WithTicketsAsync(PlannerStatistics.TicketsWorthAnalysing);

        await PlannerStatistics.EnsureAsync(db, CancellationToken.None);

        var indexes = await TicketIndexStatisticsAsync(db);
        Assert.Contains("IX_Tickets_CreatedAt", indexes);
        Assert.Contains("IX_Tickets_DistrictId_CreatedAt", indexes);
    }

    [Fact]
    public async Task A_small_database_is_left_to_the_planners_own_guesses()
    {
        await using var db = await WithTicketsAsync(PlannerStatistics.TicketsWorthAnalysing - 1);

        await PlannerStatistics.EnsureAsync(db, CancellationToken.None);

        Assert.Empty(await TicketIndexStatisticsAsync(db));
    }

    private async Task<ChatIntake.Data.IntakeDbContext> WithTicketsAsync(int count)
    {
        var db = TestDatabase.Context(_file);
        await db.Database.OpenConnectionAsync();
        // Tickets without their citizens and categories: only the statistics are under test.
        await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = OFF;");
        await db.Database.ExecuteSqlAsync($"""
            WITH RECURSIVE "N"("I") AS (SELECT 1 UNION ALL SELECT "I" + 1 FROM "N" WHERE "I" < {count})
            INSERT INTO "Tickets" ("Id", "TrackingCode", "CitizenId", "CategoryId", "DistrictId", "Description", "Status", "Priority", "Channel", "CreatedAt", "UpdatedAt")
            SELECT "I", 'CODE' || "I", 1, 1, "I" % 5, 'جوی آب', 0, 0, 'web', 1700000000000 + "I", 1700000000000 + "I" FROM "N"
            """);
        return db;
    }

    private static async Task<List<string>> TicketIndexStatisticsAsync(ChatIntake.Data.IntakeDbContext db)
    {
        if (await db.Database.SqlQuery<long>($"""SELECT count(*) AS "Value" FROM sqlite_master WHERE name = 'sqlite_stat1'""").SingleAsync() == 0)
        {
            return [];
        }

        return await db.Database.SqlQuery<string>($"""SELECT idx AS "Value" FROM sqlite_stat1 WHERE tbl = 'Tickets' AND idx IS NOT NULL""").ToListAsync();
    }
}
