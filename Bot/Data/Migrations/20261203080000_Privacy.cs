using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace ChatIntake.Data.Migrations;

/// <summary>
/// Citizens' data: on each ticket when its citizen was erased and when it was anonymised, an index for finding closed
/// tickets by age, and the durable list of files to delete once the commit that orphaned them is done.
/// </summary>
[DbContext(typeof(IntakeDbContext))]
[Migration("20261203080000_Privacy")]
public sealed class Privacy : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<long>("CitizenErasedAt", "Tickets", nullable: true);
        migrationBuilder.AddColumn<long>("AnonymisedAt", "Tickets", nullable: true);
        migrationBuilder.CreateIndex("IX_Tickets_ClosedAt", "Tickets", "ClosedAt");
        migrationBuilder.CreateTable(
            name: "PendingFileDeletions",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                StoredPath = table.Column<string>(maxLength: 500, nullable: false),
                CreatedAt = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_PendingFileDeletions", x => x.Id));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("PendingFileDeletions");
        migrationBuilder.DropIndex("IX_Tickets_ClosedAt", "Tickets");
        migrationBuilder.DropColumn("AnonymisedAt", "Tickets");
        migrationBuilder.DropColumn("CitizenErasedAt", "Tickets");
    }
}
