using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChatIntake.Data.Migrations;

/// <summary>Outside agencies a ticket can be referred to, and on each ticket the body holding it, since when, until when, and the time held.</summary>
[DbContext(typeof(IntakeDbContext))]
[Migration("20261202070000_OutsideAgencies")]
public sealed class OutsideAgencies : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "OutsideAgencies",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                NameFa = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                NameEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                Contact = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_OutsideAgencies", x => x.Id));

        // SQLite adds a column with a foreign key only in ADD COLUMN's own syntax; EF's AddForeignKey would need a table rebuild.
        migrationBuilder.Sql("""ALTER TABLE "Tickets" ADD COLUMN "AgencyId" INTEGER NULL REFERENCES "OutsideAgencies" ("Id") ON DELETE RESTRICT;""");
        migrationBuilder.AddColumn<string>("AgencyReference", "Tickets", type: "TEXT", maxLength: 100, nullable: true);
        migrationBuilder.AddColumn<long>("AgencyExpectedAt", "Tickets", type: "INTEGER", nullable: true);
        migrationBuilder.AddColumn<long>("AgencySince", "Tickets", type: "INTEGER", nullable: true);
        migrationBuilder.AddColumn<long>("AgencyHeldFor", "Tickets", type: "INTEGER", nullable: false, defaultValue: 0L);
        migrationBuilder.AddColumn<long>("AgencyChasedAt", "Tickets", type: "INTEGER", nullable: true);
        migrationBuilder.CreateIndex("IX_Tickets_AgencyId", "Tickets", "AgencyId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_Tickets_AgencyId", "Tickets");
        migrationBuilder.DropColumn("AgencyChasedAt", "Tickets");
        migrationBuilder.DropColumn("AgencyHeldFor", "Tickets");
        migrationBuilder.DropColumn("AgencySince", "Tickets");
        migrationBuilder.DropColumn("AgencyExpectedAt", "Tickets");
        migrationBuilder.DropColumn("AgencyReference", "Tickets");
        migrationBuilder.DropColumn("AgencyId", "Tickets");
        migrationBuilder.DropTable("OutsideAgencies");
    }
}
