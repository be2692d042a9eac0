using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChatIntake.Data.Migrations;

/// <summary>
/// Server-side staff sessions (sign-out ends a copied cookie too) and sign-in throttling per user name and address.
/// Cookies issued before carry no session: their holders sign in once more.
/// </summary>
[DbContext(typeof(IntakeDbContext))]
[Migration("20261202030000_StaffSessions")]
public sealed class StaffSessions : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "StaffSessions",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: 64, nullable: false),
                StaffId = table.Column<long>(nullable: false),
                CreatedAt = table.Column<long>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_StaffSessions", x => x.Id);
                table.ForeignKey("FK_StaffSessions_Staff_StaffId", x => x.StaffId, "Staff", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "SignInThrottles",
            columns: table => new
            {
                UserName = table.Column<string>(maxLength: 64, nullable: false),
                Address = table.Column<string>(maxLength: 64, nullable: false),
                Failures = table.Column<int>(nullable: false),
                LastFailureAt = table.Column<long>(nullable: false),
                BlockedUntil = table.Column<long>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_SignInThrottles", x => new { x.UserName, x.Address }));

        migrationBuilder.CreateIndex("IX_StaffSessions_StaffId", "StaffSessions", "StaffId");
        migrationBuilder.CreateIndex("IX_SignInThrottles_LastFailureAt", "SignInThrottles", "LastFailureAt");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("StaffSessions");
        migrationBuilder.DropTable("SignInThrottles");
    }
}
