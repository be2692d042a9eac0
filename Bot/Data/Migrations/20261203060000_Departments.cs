using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace ChatIntake.Data.Migrations;

/// <summary>Departments as administered rows (code, Persian and English names, optional district); the start-up seeds them from the categories' values.</summary>
[DbContext(typeof(IntakeDbContext))]
[Migration("20261203060000_Departments")]
public sealed class Departments : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Departments",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                Code = table.Column<string>(maxLength: 100, nullable: false),
                NameFa = table.Column<string>(maxLength: 200, nullable: false),
                NameEn = table.Column<string>(maxLength: 200, nullable: false),
                DistrictId = table.Column<int>(nullable: true),
                SortOrder = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Departments", x => x.Id));
        migrationBuilder.CreateIndex("IX_Departments_Code", "Departments", "Code", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("Departments");
}
