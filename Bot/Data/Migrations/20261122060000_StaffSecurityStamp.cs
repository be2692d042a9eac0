using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChatIntake.Data.Migrations;

/// <summary>A security stamp per staff account: a new password ends the account's other sessions. Existing accounts sign in once more.</summary>
[DbContext(typeof(IntakeDbContext))]
[Migration("20261122060000_StaffSecurityStamp")]
public sealed class StaffSecurityStamp : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>(name: "SecurityStamp", table: "Staff", maxLength: 64, nullable: false, defaultValue: "");

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropColumn(name: "SecurityStamp", table: "Staff");
}
