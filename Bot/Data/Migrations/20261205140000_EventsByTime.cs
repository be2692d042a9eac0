using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChatIntake.Data.Migrations;

/// <summary>Ticket events by time: the digest counts the last day's reopenings from the events, not by visiting every ticket.</summary>
[DbContext(typeof(IntakeDbContext))]
[Migration("20261205140000_EventsByTime")]
public sealed class EventsByTime : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateIndex("IX_TicketEvents_CreatedAt", "TicketEvents", "CreatedAt");

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropIndex("IX_TicketEvents_CreatedAt", "TicketEvents");
}
