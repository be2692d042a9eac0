using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChatIntake.Data.Migrations;

/// <summary>Kinds of report (problem, complaint, suggestion, thanks); every ticket filed before was a problem.</summary>
[DbContext(typeof(IntakeDbContext))]
[Migration("20261202050000_TicketKindColumn")]
public sealed class TicketKindColumn : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>("Kind", "Tickets", nullable: false, defaultValue: 0);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn("Kind", "Tickets");
    }
}
