using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChatIntake.Data.Migrations;

/// <summary>The outbox's pending rows in lane order, so the dispatcher reads a window of the oldest instead of grouping the whole backlog.</summary>
[DbContext(typeof(IntakeDbContext))]
[Migration("20261204300000_OutboxLaneOrder")]
public sealed class OutboxLaneOrder : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateIndex("IX_Outbox_PendingByLane", "Outbox", ["State", "Lane"]);

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropIndex("IX_Outbox_PendingByLane", "Outbox");
}
