using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChatIntake.Data.Migrations;

/// <summary>
/// The ticket workflow: typed actors and from/to values on the thread (older rows mapped from their Author text and
/// their priority text), and each ticket's first response.
/// </summary>
[DbContext(typeof(IntakeDbContext))]
[Migration("20261202040000_TicketWorkflow")]
public sealed class TicketWorkflow : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<long>("FirstResponseAt", "Tickets", nullable: true);
        migrationBuilder.AddColumn<int>("ActorKind", "TicketEvents", nullable: false, defaultValue: 0);
        migrationBuilder.AddColumn<long>("ActorId", "TicketEvents", nullable: true);
        migrationBuilder.AddColumn<string>("FromValue", "TicketEvents", maxLength: 200, nullable: true);
        migrationBuilder.AddColumn<string>("ToValue", "TicketEvents", maxLength: 200, nullable: true);

        // Rows written before this release are SQLite's alone: a PostgreSQL database starts empty at this schema.
        if (!migrationBuilder.IsSqlite())
        {
            return;
        }

        // "citizen:12" → Citizen 12, "staff:3" → Staff 3, "agency:5" → Agency 5, anything else → System.
        migrationBuilder.Sql("""
            UPDATE "TicketEvents" SET
                "ActorKind" = CASE WHEN "Author" LIKE 'citizen:%' THEN 1 WHEN "Author" LIKE 'staff:%' THEN 2 WHEN "Author" LIKE 'agency:%' THEN 3 ELSE 0 END,
                "ActorId" = CASE WHEN "Author" LIKE 'citizen:%' OR "Author" LIKE 'staff:%' OR "Author" LIKE 'agency:%'
                                 THEN CAST(substr("Author", instr("Author", ':') + 1) AS INTEGER) END;
            """);

        // Priority changes were written as display text ("⚑ Normal → High"): kept as data from now on.
        migrationBuilder.Sql("""
            UPDATE "TicketEvents" SET
                "Kind" = 6,
                "FromValue" = substr("Text", 3, instr("Text", ' → ') - 3),
                "ToValue" = substr("Text", instr("Text", ' → ') + 3),
                "Text" = NULL
            WHERE "Kind" = 4 AND "Text" LIKE '⚑ %' AND instr("Text", ' → ') > 0;
            """);

        // The first answer the citizen could see: a staff reply, or a status change by staff other than back to New.
        migrationBuilder.Sql("""
            UPDATE "Tickets" SET "FirstResponseAt" = (
                SELECT MIN(e."CreatedAt") FROM "TicketEvents" e
                WHERE e."TicketId" = "Tickets"."Id" AND e."ActorKind" = 2
                  AND (e."Kind" = 1 OR (e."Kind" = 3 AND e."FromStatus" IS NOT NULL AND e."ToStatus" <> 0)));
            """);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn("FirstResponseAt", "Tickets");
        migrationBuilder.DropColumn("ActorKind", "TicketEvents");
        migrationBuilder.DropColumn("ActorId", "TicketEvents");
        migrationBuilder.DropColumn("FromValue", "TicketEvents");
        migrationBuilder.DropColumn("ToValue", "TicketEvents");
    }
}
