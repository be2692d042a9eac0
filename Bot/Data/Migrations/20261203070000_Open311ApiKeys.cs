using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace ChatIntake.Data.Migrations;

/// <summary>Open311 client keys, stored as hashes, with who made them, when they were last used and when revoked.</summary>
[DbContext(typeof(IntakeDbContext))]
[Migration("20261203070000_Open311ApiKeys")]
public sealed class Open311ApiKeys : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Open311Keys",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                Name = table.Column<string>(maxLength: 100, nullable: false),
                Owner = table.Column<string>(maxLength: 200, nullable: true),
                Hash = table.Column<string>(maxLength: 64, nullable: false),
                Prefix = table.Column<string>(maxLength: 16, nullable: false),
                CreatedAt = table.Column<long>(nullable: false),
                CreatedBy = table.Column<string>(maxLength: 64, nullable: true),
                LastUsedAt = table.Column<long>(nullable: true),
                RevokedAt = table.Column<long>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_Open311Keys", x => x.Id));
        migrationBuilder.CreateIndex("IX_Open311Keys_Hash", "Open311Keys", "Hash", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("Open311Keys");
}
