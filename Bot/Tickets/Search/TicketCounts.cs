using ChatIntake.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tickets.Search;

/// <summary>
/// Ticket counts per status, kind, category and district, kept current by triggers on every write to Tickets, so the
/// queue's counts and totals read a few hundred rows instead of counting a million. <see cref="RecomputeAsync"/> rebuilds
/// them from the tickets (at first start, and on demand). Derived, SQLite-shaped data: created at start, not by a migration.
/// </summary>
public sealed class TicketCounts
{
    public const string Table = "TicketCounts1";

    private const string Key = """("Status", "Kind", "CategoryId", "DistrictId")""";

    public async Task<IReadOnlyList<TicketCount>> ReadAsync(IntakeDbContext db, CancellationToken cancellationToken) =>
        await db.Database.SqlQuery<TicketCount>($"""SELECT "Status", "Kind", "CategoryId", "DistrictId", "Count" FROM "TicketCounts1" WHERE "Count" <> 0""")
            .ToListAsync(cancellationToken);

    public async Task EnsureAsync(IntakeDbContext db, CancellationToken cancellationToken)
    {
        var exists = await db.Database.SqlQuery<long>($"""SELECT count(*) AS "Value" FROM sqlite_master WHERE name = {Table}""").SingleAsync(cancellationToken) > 0;
        if (exists)
        {
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Built from this class's constants only: nothing typed by anyone reaches it.
        var sql = $"""
            CREATE TABLE "{Table}" ("Status" INTEGER NOT NULL, "Kind" INTEGER NOT NULL, "CategoryId" INTEGER NOT NULL, "DistrictId" INTEGER NOT NULL,
              "Count" INTEGER NOT NULL, PRIMARY KEY {Key}) WITHOUT ROWID;
            CREATE TRIGGER "{Table}_Inserted" AFTER INSERT ON "Tickets" BEGIN
              INSERT INTO "{Table}" VALUES (new."Status", new."Kind", new."CategoryId", coalesce(new."DistrictId", 0), 1)
                ON CONFLICT {Key} DO UPDATE SET "Count" = "Count" + 1;
            END;
            CREATE TRIGGER "{Table}_Changed" AFTER UPDATE OF "Status", "Kind", "CategoryId", "DistrictId" ON "Tickets"
              WHEN old."Status" <> new."Status" OR old."Kind" <> new."Kind" OR old."CategoryId" <> new."CategoryId" OR old."DistrictId" IS NOT new."DistrictId" BEGIN
              UPDATE "{Table}" SET "Count" = "Count" - 1
                WHERE "Status" = old."Status" AND "Kind" = old."Kind" AND "CategoryId" = old."CategoryId" AND "DistrictId" = coalesce(old."DistrictId", 0);
              INSERT INTO "{Table}" VALUES (new."Status", new."Kind", new."CategoryId", coalesce(new."DistrictId", 0), 1)
                ON CONFLICT {Key} DO UPDATE SET "Count" = "Count" + 1;
            END;
            CREATE TRIGGER "{Table}_Deleted" AFTER DELETE ON "Tickets" BEGIN
              UPDATE "{Table}" SET "Count" = "Count" - 1
                WHERE "Status" = old."Status" AND "Kind" = old."Kind" AND "CategoryId" = old."CategoryId" AND "DistrictId" = coalesce(old."DistrictId", 0);
            END;
            """;
        await db.Database.ExecuteSqlRawAsync(sql, cancellationToken);
        await RecomputeAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Counts every ticket again; the triggers keep the result current afterwards.</summary>
    public Task RecomputeAsync(IntakeDbContext db, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync(RecomputeSql, cancellationToken);

    private const string RecomputeSql = $"""
        DELETE FROM "{Table}";
        INSERT INTO "{Table}" SELECT "Status", "Kind", "CategoryId", coalesce("DistrictId", 0), count(*) FROM "Tickets" GROUP BY 1, 2, 3, 4;
        """;
}
