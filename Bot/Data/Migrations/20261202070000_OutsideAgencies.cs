using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

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
                Id = table.Column<int>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                NameFa = table.Column<string>(maxLength: 200, nullable: false),
                NameEn = table.Column<string>(maxLength: 200, nullable: false),
                Contact = table.Column<string>(maxLength: 500, nullable: true),
                IsActive = table.Column<bool>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_OutsideAgencies", x => x.Id));

        // SQLite adds a column with a foreign key only in ADD COLUMN's own syntax; EF's AddForeignKey would need a table rebuild.
        if (migrationBuilder.IsSqlite())
        {
            migrationBuilder.Sql("""ALTER TABLE "Tickets" ADD COLUMN "AgencyId" INTEGER NULL REFERENCES "OutsideAgencies" ("Id") ON DELETE RESTRICT;""");
        }
        else
        {
            migrationBuilder.AddColumn<int>("AgencyId", "Tickets", nullable: true);
            migrationBuilder.AddForeignKey("FK_Tickets_OutsideAgencies_AgencyId", "Tickets", "AgencyId", "OutsideAgencies", principalColumn: "Id", onDelete: ReferentialAction.Restrict);
        }

        migrationBuilder.AddColumn<string>("AgencyReference", "Tickets", maxLength: 100, nullable: true);
        migrationBuilder.AddColumn<long>("AgencyExpectedAt", "Tickets", nullable: true);
        migrationBuilder.AddColumn<long>("AgencySince", "Tickets", nullable: true);
        migrationBuilder.AddColumn<long>("AgencyHeldFor", "Tickets", nullable: false, defaultValue: 0L);
        migrationBuilder.AddColumn<long>("AgencyChasedAt", "Tickets", nullable: true);
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
