using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChatIntake.Data.Migrations;

/// <summary>Lets the duplicate offer's bounding-box search read a few rows instead of every ticket of the category.</summary>
[DbContext(typeof(IntakeDbContext))]
[Migration("20261122010000_NearbyTicketsIndex")]
public sealed class NearbyTicketsIndex : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateIndex("IX_Tickets_CategoryId_Latitude", "Tickets", ["CategoryId", "Latitude"]);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropIndex("IX_Tickets_CategoryId_Latitude", "Tickets");
}
