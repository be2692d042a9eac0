using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

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
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                StaffId = table.Column<long>(type: "INTEGER", nullable: true),
                StaffName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Action = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                TicketId = table.Column<long>(type: "INTEGER", nullable: true),
                Detail = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                RemoteAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Audit", x => x.Id));

        migrationBuilder.CreateTable(
            name: "CannedReplies",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                Title = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                TextFa = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                TextEn = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_CannedReplies", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Staff",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                UserName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                DisplayName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                PasswordHash = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                Role = table.Column<int>(type: "INTEGER", nullable: false),
                Departments = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                DistrictIds = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                FailedSignIns = table.Column<int>(type: "INTEGER", nullable: false),
                LockedUntil = table.Column<long>(type: "INTEGER", nullable: true),
                CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Staff", x => x.Id));

        migrationBuilder.CreateTable(
            name: "TextOverrides",
            columns: table => new
            {
                Key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                Language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_TextOverrides", x => new { x.Key, x.Language }));

        // SQLite adds a column with a foreign key only in ADD COLUMN's own syntax; EF's AddForeignKey would need a table rebuild.
        migrationBuilder.Sql("""ALTER TABLE "Tickets" ADD COLUMN "AssigneeId" INTEGER NULL REFERENCES "Staff" ("Id") ON DELETE SET NULL;""");
        migrationBuilder.AddColumn<string>(name: "Department", table: "Tickets", type: "TEXT", maxLength: 100, nullable: true);

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
