using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChatIntake.Data.Migrations;

/// <summary>Neighbourhood names per district, so a typed address finds its district.</summary>
[DbContext(typeof(IntakeDbContext))]
[Migration("20261203020000_DistrictPlaces")]
public sealed class DistrictPlaces : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("Places", "Districts", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn("Places", "Districts");
    }
}
