using ChatIntake.Statistics;
using ChatIntake.Tests.Infrastructure;
using ChatIntake.Tickets.Search;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Statistics;

/// <summary>The dashboard's targets missed since, per unit: counted from the open tickets' index alone, never from the tickets' rows.</summary>
[Trait("Database", "SqliteOnly")] // the plan asked for is SQLite's; PostgreSQL chooses its plan from its own statistics
public sealed class TargetsMissedPlanTests
{
    [Fact]
    public async Task Targets_missed_since_are_counted_per_unit_from_a_covering_index_of_the_open_tickets()
    {
        var file = Path.Combine(Path.GetTempPath(), $"targets-plan-{Guid.NewGuid():N}.db");
        try
        {
            await using var db = await TestDatabase.MigratedAsync(file);
            await db.Database.ExecuteSqlRawAsync(TicketIndexesInitializer.OpenIndex);
            // The statistics of the seeded million-ticket file (40,371 open), as ANALYZE wrote them there: the plan is the one it gets.
            await db.Database.ExecuteSqlRawAsync("ANALYZE; DELETE FROM sqlite_stat1;");
            foreach (var (index, stat) in MillionTickets)
            {
                await db.Database.ExecuteSqlRawAsync("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('Tickets', {0}, {1})", index, stat);
            }

            // Statistics are read when the schema is loaded.
            await db.Database.ExecuteSqlRawAsync("ANALYZE sqlite_schema");
            var now = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);
            foreach (var query in new[]
                     {
                         TicketStatistics.ResponseLateByUnit(db.Tickets, now.AddDays(-799), now, now).ToQueryString(),
                         TicketStatistics.ResolutionLateByUnit(db.Tickets, now.AddDays(-799), now, now).ToQueryString(),
                     })
            {
                var plan = await SqlitePlan.ExplainAsync(db, query);
                Assert.True(plan.Any(step => step.Contains("COVERING INDEX IX_Tickets_Open", StringComparison.Ordinal)), query + "\n" + string.Join("\n", plan));
            }
        }
        finally
        {
            TestDatabase.Delete(file);
        }
    }

    private static readonly (string Index, string Stat)[] MillionTickets =
    [
        ("IX_Tickets_ClosedAt", "1000000 1"), ("IX_Tickets_SignOffRequestedAt", "1000000 1565"), ("IX_Tickets_AssigneeId_CreatedAt", "1000000 21277 1"),
        ("IX_Tickets_Kind_CreatedAt", "1000000 250000 1"), ("IX_Tickets_DistrictId_CreatedAt", "1000000 200000 1"), ("IX_Tickets_CategoryId_CreatedAt", "1000000 111112 1"),
        ("IX_Tickets_UpdatedAt", "1000000 1"), ("IX_Tickets_CreatedAt", "1000000 1"), ("IX_Tickets_AgencyId", "1000000 200000"), ("IX_Tickets_AssigneeId", "1000000 21277"),
        ("IX_Tickets_CategoryId_Latitude", "1000000 111112 2"), ("IX_Tickets_TrackingCode", "1000000 1"), ("IX_Tickets_Status_CreatedAt", "1000000 142858 1"),
        ("IX_Tickets_DuplicateOfId", "1000000 29"), ("IX_Tickets_DistrictId", "1000000 200000"), ("IX_Tickets_CitizenId", "1000000 2"),
        ("IX_Tickets_CategoryId_Status", "1000000 111112 15874"), ("IX_Tickets_Open2", "40371 1 1 1 1 1 1 1 1 1 1"), ("IX_Tickets_OpenByDistrict2", "40371 8075 1 1 1 1 1 1 1 1 1"),
    ];
}
