using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChatIntake.Data.Migrations;

/// <summary>The tickets ever referred to an outside agency: the league's agency rows find them without reading every ticket's events.</summary>
[DbContext(typeof(IntakeDbContext))]
[Migration("20261205180000_AgencyReferrals")]
public sealed class AgencyReferrals : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateIndex("IX_TicketEvents_AgencyReferred", "TicketEvents", "TicketId", filter: "\"Kind\" = 20");

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropIndex("IX_TicketEvents_AgencyReferred", "TicketEvents");
}
