using ChatIntake.Data;
using ChatIntake.Outbox;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Outbox;

/// <summary>
/// The dispatcher's indexes hold pending messages only: a delivered message leaves them, so every reply's insert and every
/// delivery mark touches an index as small as the queue, not one holding all the city's sent messages.
/// </summary>
public sealed class PendingIndexTests
{
    private static readonly string[] DispatcherIndexes = ["IX_Outbox_State_NotBefore", "IX_Outbox_PendingByChat", "IX_Outbox_PendingByLane"];

    [Fact]
    public async Task The_dispatchers_indexes_hold_pending_messages_only()
    {
        var file = Path.Combine(Path.GetTempPath(), $"pending-index-{Guid.NewGuid():N}.db");
        try
        {
            await using var db = await TestDatabase.MigratedAsync(file);
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            foreach (var index in DispatcherIndexes)
            {
                var definition = await IndexDefinition.ReadAsync(connection, index);
                Assert.NotNull(definition);
                Assert.Matches(IndexDefinition.FilteredBy("\"State\" = 0"), definition);
            }
        }
        finally
        {
            TestDatabase.Delete(file);
        }
    }

    [Fact]
    [Trait("Database", "SqliteOnly")] // the plan asked for is SQLite's; PostgreSQL chooses its plan from its own statistics
    public async Task The_head_of_the_queue_is_read_in_order_from_the_pending_index()
    {
        var file = Path.Combine(Path.GetTempPath(), $"pending-plan-{Guid.NewGuid():N}.db");
        try
        {
            await using var db = await TestDatabase.MigratedAsync(file);
            // The dispatcher's own query: a state compared through a parameter rather than the constant could not use a partial index.
            var sql = OutboxDispatcher.PendingInLaneOrder(db).Take(257).ToQueryString();
            var plan = await SqlitePlan.ExplainAsync(db, sql);

            Assert.True(plan.Any(step => step.Contains("USING INDEX IX_Outbox_PendingByLane", StringComparison.Ordinal)), sql + "\n" + string.Join('\n', plan));
            Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal)); // read in order, not sorted
        }
        finally
        {
            TestDatabase.Delete(file);
        }
    }
}
