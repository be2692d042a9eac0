using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace ChatIntake.Data.Migrations;

/// <summary>
/// Written by hand in EF Core's format (the Design package is not on our feed). MigrationSchemaTests proves the
/// result equals the model; change both together.
/// </summary>
[DbContext(typeof(IntakeDbContext))]
[Migration("20261122000000_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Categories",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                Code = table.Column<string>(maxLength: 32, nullable: false),
                NameFa = table.Column<string>(maxLength: 100, nullable: false),
                NameEn = table.Column<string>(maxLength: 100, nullable: false),
                Department = table.Column<string>(maxLength: 100, nullable: false),
                ResponseHours = table.Column<int>(nullable: false),
                ResolutionHours = table.Column<int>(nullable: false),
                KeywordsFa = table.Column<string>(maxLength: 2000, nullable: false),
                KeywordsEn = table.Column<string>(maxLength: 2000, nullable: false),
                PhotoRequired = table.Column<bool>(nullable: false),
                SortOrder = table.Column<int>(nullable: false),
                IsActive = table.Column<bool>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Categories", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Citizens",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                Channel = table.Column<string>(maxLength: 32, nullable: false),
                ExternalUserId = table.Column<string>(maxLength: 64, nullable: false),
                Name = table.Column<string>(maxLength: 200, nullable: true),
                Language = table.Column<string>(maxLength: 8, nullable: false),
                Phone = table.Column<string>(maxLength: 32, nullable: true),
                Reachable = table.Column<bool>(nullable: false),
                UnreachableReason = table.Column<string>(maxLength: 500, nullable: true),
                CreatedAt = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Citizens", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Districts",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                Code = table.Column<string>(maxLength: 32, nullable: false),
                NameFa = table.Column<string>(maxLength: 100, nullable: false),
                NameEn = table.Column<string>(maxLength: 100, nullable: false),
                Polygon = table.Column<string>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Districts", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Inbox",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                Channel = table.Column<string>(maxLength: 32, nullable: false),
                ExternalUpdateId = table.Column<string>(maxLength: 128, nullable: false),
                ExternalChatId = table.Column<string>(maxLength: 64, nullable: false),
                Payload = table.Column<string>(nullable: false),
                ReceivedAt = table.Column<long>(nullable: false),
                ProcessedAt = table.Column<long>(nullable: true),
                Error = table.Column<string>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_Inbox", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Outbox",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                Channel = table.Column<string>(maxLength: 32, nullable: false),
                ExternalChatId = table.Column<string>(maxLength: 64, nullable: false),
                CitizenId = table.Column<long>(nullable: true),
                TicketId = table.Column<long>(nullable: true),
                Payload = table.Column<string>(nullable: false),
                State = table.Column<int>(nullable: false),
                Attempts = table.Column<int>(nullable: false),
                NotBefore = table.Column<long>(nullable: false),
                CreatedAt = table.Column<long>(nullable: false),
                SentAt = table.Column<long>(nullable: true),
                ExternalMessageId = table.Column<string>(maxLength: 64, nullable: true),
                LastError = table.Column<string>(maxLength: 1000, nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_Outbox", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Conversations",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                Channel = table.Column<string>(maxLength: 32, nullable: false),
                ExternalChatId = table.Column<string>(maxLength: 64, nullable: false),
                CitizenId = table.Column<long>(nullable: false),
                DialogState = table.Column<string>(nullable: true),
                Version = table.Column<int>(nullable: false),
                LastActivityAt = table.Column<long>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Conversations", x => x.Id);
                table.ForeignKey("FK_Conversations_Citizens_CitizenId", x => x.CitizenId, "Citizens", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "Tickets",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                TrackingCode = table.Column<string>(maxLength: 16, nullable: false),
                CitizenId = table.Column<long>(nullable: false),
                CategoryId = table.Column<int>(nullable: false),
                DistrictId = table.Column<int>(nullable: true),
                Latitude = table.Column<double>(nullable: true),
                Longitude = table.Column<double>(nullable: true),
                AddressText = table.Column<string>(maxLength: 1000, nullable: true),
                Description = table.Column<string>(maxLength: 4000, nullable: false),
                Status = table.Column<int>(nullable: false),
                Priority = table.Column<int>(nullable: false),
                Channel = table.Column<string>(maxLength: 32, nullable: false),
                CreatedAt = table.Column<long>(nullable: false),
                UpdatedAt = table.Column<long>(nullable: false),
                ResolvedAt = table.Column<long>(nullable: true),
                ClosedAt = table.Column<long>(nullable: true),
                ResponseDueAt = table.Column<long>(nullable: true),
                ResolutionDueAt = table.Column<long>(nullable: true),
                Satisfaction = table.Column<int>(nullable: true),
                DuplicateOfId = table.Column<long>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Tickets", x => x.Id);
                table.ForeignKey("FK_Tickets_Categories_CategoryId", x => x.CategoryId, "Categories", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_Tickets_Citizens_CitizenId", x => x.CitizenId, "Citizens", "Id", onDelete: ReferentialAction.Restrict);
                table.ForeignKey("FK_Tickets_Districts_DistrictId", x => x.DistrictId, "Districts", "Id", onDelete: ReferentialAction.SetNull);
                table.ForeignKey("FK_Tickets_Tickets_DuplicateOfId", x => x.DuplicateOfId, "Tickets", "Id", onDelete: ReferentialAction.Restrict);
            });

        migrationBuilder.CreateTable(
            name: "TicketEvents",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                TicketId = table.Column<long>(nullable: false),
                Kind = table.Column<int>(nullable: false),
                Author = table.Column<string>(maxLength: 64, nullable: false),
                Text = table.Column<string>(maxLength: 4000, nullable: true),
                FromStatus = table.Column<int>(nullable: true),
                ToStatus = table.Column<int>(nullable: true),
                OutboxMessageId = table.Column<long>(nullable: true),
                CreatedAt = table.Column<long>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_TicketEvents", x => x.Id);
                table.ForeignKey("FK_TicketEvents_Tickets_TicketId", x => x.TicketId, "Tickets", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "Attachments",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                TicketId = table.Column<long>(nullable: false),
                TicketEventId = table.Column<long>(nullable: true),
                ChannelFileId = table.Column<string>(maxLength: 256, nullable: false),
                Kind = table.Column<string>(maxLength: 16, nullable: false),
                ContentType = table.Column<string>(maxLength: 100, nullable: true),
                Size = table.Column<long>(nullable: true),
                StoredPath = table.Column<string>(maxLength: 500, nullable: true),
                CreatedAt = table.Column<long>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Attachments", x => x.Id);
                table.ForeignKey("FK_Attachments_TicketEvents_TicketEventId", x => x.TicketEventId, "TicketEvents", "Id", onDelete: ReferentialAction.SetNull);
                table.ForeignKey("FK_Attachments_Tickets_TicketId", x => x.TicketId, "Tickets", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "TicketFollowers",
            columns: table => new
            {
                TicketId = table.Column<long>(nullable: false),
                CitizenId = table.Column<long>(nullable: false),
                CreatedAt = table.Column<long>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_TicketFollowers", x => new { x.TicketId, x.CitizenId });
                table.ForeignKey("FK_TicketFollowers_Citizens_CitizenId", x => x.CitizenId, "Citizens", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_TicketFollowers_Tickets_TicketId", x => x.TicketId, "Tickets", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("IX_Attachments_TicketEventId", "Attachments", "TicketEventId");
        migrationBuilder.CreateIndex("IX_Attachments_TicketId", "Attachments", "TicketId");
        migrationBuilder.CreateIndex("IX_Categories_Code", "Categories", "Code", unique: true);
        migrationBuilder.CreateIndex("IX_Citizens_Channel_ExternalUserId", "Citizens", ["Channel", "ExternalUserId"], unique: true);
        migrationBuilder.CreateIndex("IX_Conversations_Channel_ExternalChatId", "Conversations", ["Channel", "ExternalChatId"], unique: true);
        migrationBuilder.CreateIndex("IX_Conversations_CitizenId", "Conversations", "CitizenId");
        migrationBuilder.CreateIndex("IX_Districts_Code", "Districts", "Code", unique: true);
        migrationBuilder.CreateIndex("IX_Inbox_Channel_ExternalUpdateId", "Inbox", ["Channel", "ExternalUpdateId"], unique: true);
        migrationBuilder.CreateIndex("IX_Inbox_ProcessedAt", "Inbox", "ProcessedAt");
        migrationBuilder.CreateIndex("IX_Outbox_State_NotBefore", "Outbox", ["State", "NotBefore"]);
        migrationBuilder.CreateIndex("IX_Outbox_TicketId", "Outbox", "TicketId");
        migrationBuilder.CreateIndex("IX_TicketEvents_TicketId", "TicketEvents", "TicketId");
        migrationBuilder.CreateIndex("IX_TicketFollowers_CitizenId", "TicketFollowers", "CitizenId");
        migrationBuilder.CreateIndex("IX_Tickets_CategoryId_Status", "Tickets", ["CategoryId", "Status"]);
        migrationBuilder.CreateIndex("IX_Tickets_CitizenId", "Tickets", "CitizenId");
        migrationBuilder.CreateIndex("IX_Tickets_DistrictId", "Tickets", "DistrictId");
        migrationBuilder.CreateIndex("IX_Tickets_DuplicateOfId", "Tickets", "DuplicateOfId");
        migrationBuilder.CreateIndex("IX_Tickets_Status_CreatedAt", "Tickets", ["Status", "CreatedAt"]);
        migrationBuilder.CreateIndex("IX_Tickets_TrackingCode", "Tickets", "TrackingCode", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "Attachments", "TicketEvents", "TicketFollowers", "Conversations", "Tickets", "Outbox", "Inbox", "Districts", "Citizens", "Categories" })
        {
            migrationBuilder.DropTable(table);
        }
    }
}
