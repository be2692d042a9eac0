using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChatIntake.Data.Migrations;

/// <summary>When each web chat's page last read the log and how far it has fetched, so staff see whether a reply was read.</summary>
[DbContext(typeof(IntakeDbContext))]
[Migration("20261203090000_WebChatSeen")]
public sealed class WebChatSeen : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<long>("LastSeenAt", "WebChatConversations", nullable: true);
        migrationBuilder.AddColumn<long>("SeenWatermark", "WebChatConversations", nullable: false, defaultValue: 0L);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn("SeenWatermark", "WebChatConversations");
        migrationBuilder.DropColumn("LastSeenAt", "WebChatConversations");
    }
}
