using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace ChatIntake.Data.Migrations;

/// <summary>The web chat's conversations, their activity logs (what Direct Line clients page through) and uploads.</summary>
[DbContext(typeof(IntakeDbContext))]
[Migration("20261122040000_WebChat")]
public sealed class WebChat : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "WebChatConversations",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: 64, nullable: false),
                UserId = table.Column<string>(maxLength: 64, nullable: false),
                CreatedAt = table.Column<long>(nullable: false),
                NextSequence = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_WebChatConversations", x => x.Id));

        migrationBuilder.CreateTable(
            name: "WebChatActivities",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                ConversationId = table.Column<string>(maxLength: 64, nullable: false),
                Sequence = table.Column<long>(nullable: false),
                ClientActivityId = table.Column<string>(maxLength: 100, nullable: true),
                Json = table.Column<string>(nullable: false),
                CreatedAt = table.Column<long>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_WebChatActivities", x => x.Id);
                table.ForeignKey("FK_WebChatActivities_WebChatConversations_ConversationId", x => x.ConversationId, "WebChatConversations", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "WebChatUploads",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: 64, nullable: false),
                ConversationId = table.Column<string>(maxLength: 64, nullable: false),
                ContentType = table.Column<string>(maxLength: 100, nullable: false),
                Name = table.Column<string>(maxLength: 256, nullable: true),
                Size = table.Column<long>(nullable: false),
                StoredPath = table.Column<string>(maxLength: 500, nullable: false),
                CreatedAt = table.Column<long>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_WebChatUploads", x => x.Id);
                table.ForeignKey("FK_WebChatUploads_WebChatConversations_ConversationId", x => x.ConversationId, "WebChatConversations", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("IX_WebChatActivities_ConversationId_Sequence", "WebChatActivities", ["ConversationId", "Sequence"], unique: true);
        migrationBuilder.CreateIndex("IX_WebChatActivities_ConversationId_ClientActivityId", "WebChatActivities", ["ConversationId", "ClientActivityId"]);
        migrationBuilder.CreateIndex("IX_WebChatUploads_ConversationId", "WebChatUploads", "ConversationId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("WebChatActivities");
        migrationBuilder.DropTable("WebChatUploads");
        migrationBuilder.DropTable("WebChatConversations");
    }
}
