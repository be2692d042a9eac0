using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChatIntake.Data.Migrations;

/// <summary>Fair delivery: a lane per outbox message (replies before notices) and an index over each chat's pending rows.</summary>
[DbContext(typeof(IntakeDbContext))]
[Migration("20261202020000_FairOutbox")]
public sealed class FairOutbox : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<int>("Lane", "Outbox", nullable: false, defaultValue: 0);
        migrationBuilder.CreateIndex("IX_Outbox_PendingByChat", "Outbox", ["State", "Channel", "ExternalChatId", "Lane", "NotBefore"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_Outbox_PendingByChat", "Outbox");
        migrationBuilder.DropColumn("Lane", "Outbox");
    }
}
