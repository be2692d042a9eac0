using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace ChatIntake.Data.Migrations;

/// <summary>The admin panel: staff accounts, the audit log, canned replies, edited notification texts, and assignment on tickets.</summary>
[DbContext(typeof(IntakeDbContext))]
[Migration("20261122020000_Admin")]
public sealed class Admin : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Audit",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                StaffId = table.Column<long>(nullable: true),
                StaffName = table.Column<string>(maxLength: 64, nullable: false),
                Action = table.Column<string>(maxLength: 64, nullable: false),
                TicketId = table.Column<long>(nullable: true),
                Detail = table.Column<string>(maxLength: 4000, nullable: true),
                RemoteAddress = table.Column<string>(maxLength: 64, nullable: true),
                CreatedAt = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Audit", x => x.Id));

        migrationBuilder.CreateTable(
            name: "CannedReplies",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                Title = table.Column<string>(maxLength: 100, nullable: false),
                TextFa = table.Column<string>(maxLength: 4000, nullable: false),
                TextEn = table.Column<string>(maxLength: 4000, nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_CannedReplies", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Staff",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                UserName = table.Column<string>(maxLength: 64, nullable: false),
                DisplayName = table.Column<string>(maxLength: 200, nullable: false),
                PasswordHash = table.Column<string>(maxLength: 500, nullable: false),
                Role = table.Column<int>(nullable: false),
                Departments = table.Column<string>(maxLength: 1000, nullable: false),
                DistrictIds = table.Column<string>(maxLength: 1000, nullable: false),
                IsActive = table.Column<bool>(nullable: false),
                FailedSignIns = table.Column<int>(nullable: false),
                LockedUntil = table.Column<long>(nullable: true),
                CreatedAt = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Staff", x => x.Id));

        migrationBuilder.CreateTable(
            name: "TextOverrides",
            columns: table => new
            {
                Key = table.Column<string>(maxLength: 100, nullable: false),
                Language = table.Column<string>(maxLength: 8, nullable: false),
                Text = table.Column<string>(maxLength: 4000, nullable: false),
                UpdatedAt = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_TextOverrides", x => new { x.Key, x.Language }));

        // SQLite adds a column with a foreign key only in ADD COLUMN's own syntax; EF's AddForeignKey would need a table rebuild.
        if (migrationBuilder.IsSqlite())
        {
            migrationBuilder.Sql("""ALTER TABLE "Tickets" ADD COLUMN "AssigneeId" INTEGER NULL REFERENCES "Staff" ("Id") ON DELETE SET NULL;""");
        }
        else
        {
            migrationBuilder.AddColumn<long>("AssigneeId", "Tickets", nullable: true);
            migrationBuilder.AddForeignKey("FK_Tickets_Staff_AssigneeId", "Tickets", "AssigneeId", "Staff", principalColumn: "Id", onDelete: ReferentialAction.SetNull);
        }

        migrationBuilder.AddColumn<string>(name: "Department", table: "Tickets", maxLength: 100, nullable: true);

        migrationBuilder.CreateIndex("IX_Audit_CreatedAt", "Audit", "CreatedAt");
        migrationBuilder.CreateIndex("IX_Audit_TicketId", "Audit", "TicketId");
        migrationBuilder.CreateIndex("IX_Staff_UserName", "Staff", "UserName", unique: true);
        migrationBuilder.CreateIndex("IX_Tickets_AssigneeId", "Tickets", "AssigneeId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_Tickets_AssigneeId", "Tickets");
        migrationBuilder.DropColumn("Department", "Tickets");
        migrationBuilder.DropColumn("AssigneeId", "Tickets");
        migrationBuilder.DropTable("TextOverrides");
        migrationBuilder.DropTable("Staff");
        migrationBuilder.DropTable("CannedReplies");
        migrationBuilder.DropTable("Audit");
    }
}
