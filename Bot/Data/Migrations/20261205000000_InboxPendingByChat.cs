using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChatIntake.Data.Migrations;

/// <summary>Each conversation's updates not yet turned, in order: instances sharing a database turn the earliest first.</summary>
[DbContext(typeof(IntakeDbContext))]
[Migration("20261205000000_InboxPendingByChat")]
public sealed class InboxPendingByChat : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateIndex("IX_Inbox_PendingByChat", "Inbox", ["Channel", "ExternalChatId", "Id"], filter: "\"ProcessedAt\" IS NULL");

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropIndex("IX_Inbox_PendingByChat", "Inbox");
}
