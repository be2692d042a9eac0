using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChatIntake.Data.Migrations;

/// <summary>A web-chat citizen (the browser's signed id) is found again by user id: their latest conversation is resumed.</summary>
[DbContext(typeof(IntakeDbContext))]
[Migration("20261203010000_WebChatCitizenIndex")]
public sealed class WebChatCitizenIndex : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateIndex("IX_WebChatConversations_UserId", "WebChatConversations", "UserId");

    protected override void Down(MigrationBuilder migrationBuilder) =>
        migrationBuilder.DropIndex("IX_WebChatConversations_UserId", "WebChatConversations");
}
