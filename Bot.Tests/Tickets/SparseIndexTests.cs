using ChatIntake.Admin.Queue;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Tickets;

/// <summary>
/// A new report is written in the commit its citizen waits for, through every index of Tickets. Indexes of values a new
/// report never has (a duplicate's original, an outside agency, a sign-off asked, a closing time) hold only the tickets
/// that have one, and indexes that only repeated another's first column are gone; the queries of those values still
/// read their index. So does the outbox's ticket index, which every turn's reply would otherwise pass through.
/// </summary>
public sealed class SparseIndexTests
{
    private static readonly string[] Sparse =
        ["IX_Tickets_DuplicateOfId", "IX_Tickets_AgencyId", "IX_Tickets_SignOffRequestedAt", "IX_Tickets_ClosedAt", "IX_Outbox_TicketId"];

    [Fact]
    public async Task Indexes_of_values_a_new_report_lacks_hold_only_the_tickets_that_have_them()
    {
        var file = Path.Combine(Path.GetTempPath(), $"sparse-index-{Guid.NewGuid():N}.db");
        try
        {
            await using var db = await TestDatabase.MigratedAsync(file);
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            foreach (var index in Sparse)
            {
                var column = index[(index.LastIndexOf('_') + 1)..];
                var definition = await IndexDefinition.ReadAsync(connection, index);
                Assert.NotNull(definition);
                Assert.Matches(IndexDefinition.FilteredBy($"\"{column}\" IS NOT NULL"), definition);
            }

            // Covered by (DistrictId, CreatedAt) and (AssigneeId, CreatedAt), which also find the tickets without one.
            Assert.False(await IndexDefinition.ExistsAsync(connection, "IX_Tickets_DistrictId"));
            Assert.False(await IndexDefinition.ExistsAsync(connection, "IX_Tickets_AssigneeId"));
        }
        finally
        {
            TestDatabase.Delete(file);
        }
    }

    [Fact]
    [Trait("Database", "SqliteOnly")] // the plan asked for is SQLite's; PostgreSQL chooses its plan from its own statistics
    public async Task Queries_of_those_values_still_read_their_indexes()
    {
        var file = Path.Combine(Path.GetTempPath(), $"sparse-plan-{Guid.NewGuid():N}.db");
        try
        {
            await using var db = await TestDatabase.MigratedAsync(file);
            var before = DateTimeOffset.UnixEpoch;
            var queries = new (string Index, IQueryable<long> Query)[]
            {
                ("IX_Tickets_SignOffRequestedAt", db.Tickets.WhereTriage("signoff").Select(t => t.Id)),
                ("IX_Tickets_DuplicateOfId", db.Tickets.Where(t => t.DuplicateOfId == 7).Select(t => t.Id)),
                ("IX_Tickets_AgencyId", db.Tickets.Where(t => t.AgencyId == 3).Select(t => t.Id)),
                // As the privacy retention asks for closed tickets to anonymise, oldest first.
                ("IX_Tickets_ClosedAt", db.Tickets.Where(t => t.ClosedAt != null && t.ClosedAt < before && t.AnonymisedAt == null).OrderBy(t => t.ClosedAt).Select(t => t.Id)),
                ("IX_Tickets_DistrictId_CreatedAt", db.Tickets.Where(t => t.DistrictId == 2).Select(t => t.Id)),
                ("IX_Tickets_AssigneeId_CreatedAt", db.Tickets.Where(t => t.AssigneeId == null).Select(t => t.Id)),
                ("IX_Outbox_TicketId", db.Outbox.Where(m => m.TicketId == 5).Select(m => m.Id)),
            };

            foreach (var (index, query) in queries)
            {
                var sql = query.ToQueryString();
                var plan = await SqlitePlan.ExplainAsync(db, sql);
                Assert.True(plan.Any(step => step.Contains($"INDEX {index} ", StringComparison.Ordinal)), index + ":\n" + sql + "\n" + string.Join('\n', plan));
            }
        }
        finally
        {
            TestDatabase.Delete(file);
        }
    }
}
