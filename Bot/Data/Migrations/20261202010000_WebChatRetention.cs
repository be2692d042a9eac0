using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChatIntake.Data.Migrations;

/// <summary>
/// Web chat retention: when each conversation last had an activity (existing ones from their logs), and indexes for
/// finding idle conversations, old uploads, and whether a ticket's attachment points at an upload.
/// </summary>
[DbContext(typeof(IntakeDbContext))]
[Migration("20261202010000_WebChatRetention")]
public sealed class WebChatRetention : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<long>(name: "LastActivityAt", table: "WebChatConversations", nullable: false, defaultValueSql: "0");
        migrationBuilder.Sql(
            """
            UPDATE "WebChatConversations" SET "LastActivityAt" = COALESCE(
                (SELECT MAX(a."CreatedAt") FROM "WebChatActivities" AS a WHERE a."ConversationId" = "WebChatConversations"."Id"), "CreatedAt");
            """);
        migrationBuilder.CreateIndex("IX_WebChatConversations_LastActivityAt", "WebChatConversations", "LastActivityAt");
        migrationBuilder.CreateIndex("IX_WebChatUploads_CreatedAt", "WebChatUploads", "CreatedAt");
        migrationBuilder.CreateIndex("IX_Attachments_ChannelFileId", "Attachments", "ChannelFileId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_Attachments_ChannelFileId", "Attachments");
        migrationBuilder.DropIndex("IX_WebChatUploads_CreatedAt", "WebChatUploads");
        migrationBuilder.DropIndex("IX_WebChatConversations_LastActivityAt", "WebChatConversations");
        migrationBuilder.DropColumn(name: "LastActivityAt", table: "WebChatConversations");
    }
}
