using ChatIntake.Statistics;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Statistics;

/// <summary>The dashboard's most followed-up tickets of a long period: read from an index holding what the sort needs, not from ~100,000 folded tickets' rows.</summary>
[Trait("Database", "SqliteOnly")] // the plan asked for is SQLite's; PostgreSQL chooses its plan from its own statistics
public sealed class FollowedUpPlanTests
{
    [Fact]
    public async Task The_most_followed_up_tickets_of_a_period_are_read_from_the_covering_index_alone()
    {
        var file = Path.Combine(Path.GetTempPath(), $"followed-up-plan-{Guid.NewGuid():N}.db");
        try
        {
            await using var db = await TestDatabase.MigratedAsync(file);
            await db.Database.ExecuteSqlRawAsync(DailyFigures.Schema);
            var plan = await SqlitePlan.ExplainAsync(db, DailyFigures.FollowedUpQuery("1 = 1", 20240926, 20261204, 10));

            Assert.True(plan.Any(step => step.Contains($"COVERING INDEX {DailyFigures.Folded}_FollowedUpCovering", StringComparison.Ordinal)), string.Join('\n', plan));
        }
        finally
        {
            TestDatabase.Delete(file);
        }
    }
}
