using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChatIntake.Data.Migrations;

/// <summary>
/// Prompt options asked of many citizens alike, kept once: a waiting prompt's state names them by key instead of
/// carrying the whole subject menu (about 2.6 KB of every state at that question).
/// </summary>
[DbContext(typeof(IntakeDbContext))]
[Migration("20261207000000_PromptOptionsKeptOnce")]
public sealed class PromptOptionsKeptOnce : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateTable(
            name: "SharedPromptOptions",
            columns: table => new
            {
                Key = table.Column<string>(maxLength: 64, nullable: false),
                Options = table.Column<string>(nullable: false),
                CreatedAt = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_SharedPromptOptions", x => x.Key));

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("SharedPromptOptions");
}
