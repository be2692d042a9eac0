using ChatIntake.Data;
using ChatIntake.Staff;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tickets.Search;

/// <summary>
/// Ticket counts per status, kind, category, district and department of their own, kept current by triggers on every
/// write to Tickets, so the queue's counts and totals read a few hundred rows instead of counting a million, for any
/// staff member's scope (districts, departments in charge). <see cref="RecomputeAsync"/> rebuilds
/// them from the tickets (at first start, and on demand). Derived, SQLite-shaped data: created at start, not by a migration;
/// PostgreSQL counts the tickets instead (<see cref="ReadAsync(IntakeDbContext, CancellationToken)"/>).
/// </summary>
public sealed class TicketCounts
{
    public const string Table = "TicketCounts2";

    private const string Key = """("Status", "Kind", "CategoryId", "DistrictId", "Department")""";

    /// <summary>
    /// On PostgreSQL the counts are counted when asked (one index-only GROUP BY): a trigger-kept counter row would be a
    /// lock every instance's ticket writes queue behind.
    /// </summary>
    public async Task<IReadOnlyList<TicketCount>> ReadAsync(IntakeDbContext db, CancellationToken cancellationToken) =>
        db.Database.IsNpgsql()
            ? await db.Database.SqlQuery<TicketCount>($"""
                SELECT "Status", "Kind", "CategoryId", coalesce("DistrictId", 0) AS "DistrictId", coalesce("Department", '') AS "Department", count(*) AS "Count"
                FROM "Tickets" GROUP BY "Status", "Kind", "CategoryId", coalesce("DistrictId", 0), coalesce("Department", '')
                """).ToListAsync(cancellationToken)
            : await db.Database.SqlQuery<TicketCount>($"""SELECT "Status", "Kind", "CategoryId", "DistrictId", "Department", "Count" FROM "TicketCounts2" WHERE "Count" <> 0""")
                .ToListAsync(cancellationToken);

    /// <summary>
    /// The counts of the tickets <paramref name="staff"/> may see (the same rule as <see cref="TicketScope"/>), each
    /// with the department in charge resolved from <paramref name="categoryDepartments"/> when the ticket has none of its own.
    /// </summary>
    public async Task<IReadOnlyList<(TicketCount Count, string Department)>> ReadAsync(IntakeDbContext db, StaffMember staff,
        IReadOnlyDictionary<int, string> categoryDepartments, CancellationToken cancellationToken)
    {
        var rows = (await ReadAsync(db, cancellationToken)).Select(c => (Count: c, Department: c.Department.Length > 0 ? c.Department : categoryDepartments.GetValueOrDefault(c.CategoryId) ?? ""));
        if (staff.Role == StaffRole.Administrator)
        {
            return [.. rows];
        }

        var departments = staff.DepartmentList.ToHashSet(StringComparer.Ordinal);
        var districts = staff.DistrictList.ToHashSet();
        return departments.Count == 0 && districts.Count == 0
            ? []
            : [.. rows.Where(r => (departments.Count == 0 || departments.Contains(r.Department)) && (districts.Count == 0 || districts.Contains(r.Count.DistrictId)))];
    }

    public async Task EnsureAsync(IntakeDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            return;
        }

        var exists = await db.Database.SqlQuery<long>($"""SELECT count(*) AS "Value" FROM sqlite_master WHERE name = {Table}""").SingleAsync(cancellationToken) > 0;
        if (exists)
        {
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Built from this class's constants only: nothing typed by anyone reaches it.
        var sql = $"""
            DROP TRIGGER IF EXISTS "TicketCounts1_Inserted";
            DROP TRIGGER IF EXISTS "TicketCounts1_Changed";
            DROP TRIGGER IF EXISTS "TicketCounts1_Deleted";
            DROP TABLE IF EXISTS "TicketCounts1";
            CREATE TABLE "{Table}" ("Status" INTEGER NOT NULL, "Kind" INTEGER NOT NULL, "CategoryId" INTEGER NOT NULL, "DistrictId" INTEGER NOT NULL,
              "Department" TEXT NOT NULL, "Count" INTEGER NOT NULL, PRIMARY KEY {Key}) WITHOUT ROWID;
            CREATE TRIGGER "{Table}_Inserted" AFTER INSERT ON "Tickets" BEGIN
              INSERT INTO "{Table}" VALUES (new."Status", new."Kind", new."CategoryId", coalesce(new."DistrictId", 0), coalesce(new."Department", ''), 1)
                ON CONFLICT {Key} DO UPDATE SET "Count" = "Count" + 1;
            END;
            CREATE TRIGGER "{Table}_Changed" AFTER UPDATE OF "Status", "Kind", "CategoryId", "DistrictId", "Department" ON "Tickets"
              WHEN old."Status" <> new."Status" OR old."Kind" <> new."Kind" OR old."CategoryId" <> new."CategoryId" OR old."DistrictId" IS NOT new."DistrictId"
                OR old."Department" IS NOT new."Department" BEGIN
              UPDATE "{Table}" SET "Count" = "Count" - 1
                WHERE "Status" = old."Status" AND "Kind" = old."Kind" AND "CategoryId" = old."CategoryId" AND "DistrictId" = coalesce(old."DistrictId", 0)
                  AND "Department" = coalesce(old."Department", '');
              INSERT INTO "{Table}" VALUES (new."Status", new."Kind", new."CategoryId", coalesce(new."DistrictId", 0), coalesce(new."Department", ''), 1)
                ON CONFLICT {Key} DO UPDATE SET "Count" = "Count" + 1;
            END;
            CREATE TRIGGER "{Table}_Deleted" AFTER DELETE ON "Tickets" BEGIN
              UPDATE "{Table}" SET "Count" = "Count" - 1
                WHERE "Status" = old."Status" AND "Kind" = old."Kind" AND "CategoryId" = old."CategoryId" AND "DistrictId" = coalesce(old."DistrictId", 0)
                  AND "Department" = coalesce(old."Department", '');
            END;
            """;
        await db.Database.ExecuteSqlRawAsync(sql, cancellationToken);
        await RecomputeAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Counts every ticket again; the triggers keep the result current afterwards.</summary>
    public Task RecomputeAsync(IntakeDbContext db, CancellationToken cancellationToken) =>
        db.Database.IsNpgsql() ? Task.CompletedTask : db.Database.ExecuteSqlRawAsync(RecomputeSql, cancellationToken);

    private const string RecomputeSql = $"""
        DELETE FROM "{Table}";
        INSERT INTO "{Table}" SELECT "Status", "Kind", "CategoryId", coalesce("DistrictId", 0), coalesce("Department", ''), count(*) FROM "Tickets" GROUP BY 1, 2, 3, 4, 5;
        """;
}
