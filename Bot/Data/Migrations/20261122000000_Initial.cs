using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

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
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                Code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                NameFa = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                NameEn = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                Department = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                ResponseHours = table.Column<int>(type: "INTEGER", nullable: false),
                ResolutionHours = table.Column<int>(type: "INTEGER", nullable: false),
                KeywordsFa = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                KeywordsEn = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                PhotoRequired = table.Column<bool>(type: "INTEGER", nullable: false),
                SortOrder = table.Column<int>(type: "INTEGER", nullable: false),
                IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Categories", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Citizens",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                Channel = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                ExternalUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                Language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                Phone = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                Reachable = table.Column<bool>(type: "INTEGER", nullable: false),
                UnreachableReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Citizens", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Districts",
            columns: table => new
            {
                Id = table.Column<int>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                Code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                NameFa = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                NameEn = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                Polygon = table.Column<string>(type: "TEXT", nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Districts", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Inbox",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                Channel = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                ExternalUpdateId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                ExternalChatId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Payload = table.Column<string>(type: "TEXT", nullable: false),
                ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                ProcessedAt = table.Column<long>(type: "INTEGER", nullable: true),
                Error = table.Column<string>(type: "TEXT", nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_Inbox", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Outbox",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                Channel = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                ExternalChatId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                CitizenId = table.Column<long>(type: "INTEGER", nullable: true),
                TicketId = table.Column<long>(type: "INTEGER", nullable: true),
                Payload = table.Column<string>(type: "TEXT", nullable: false),
                State = table.Column<int>(type: "INTEGER", nullable: false),
                Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                NotBefore = table.Column<long>(type: "INTEGER", nullable: false),
                CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                SentAt = table.Column<long>(type: "INTEGER", nullable: true),
                ExternalMessageId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                LastError = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_Outbox", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Conversations",
            columns: table => new
            {
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                Channel = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                ExternalChatId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                CitizenId = table.Column<long>(type: "INTEGER", nullable: false),
                DialogState = table.Column<string>(type: "TEXT", nullable: true),
                Version = table.Column<int>(type: "INTEGER", nullable: false),
                LastActivityAt = table.Column<long>(type: "INTEGER", nullable: false),
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
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                TrackingCode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                CitizenId = table.Column<long>(type: "INTEGER", nullable: false),
                CategoryId = table.Column<int>(type: "INTEGER", nullable: false),
                DistrictId = table.Column<int>(type: "INTEGER", nullable: true),
                Latitude = table.Column<double>(type: "REAL", nullable: true),
                Longitude = table.Column<double>(type: "REAL", nullable: true),
                AddressText = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                Status = table.Column<int>(type: "INTEGER", nullable: false),
                Priority = table.Column<int>(type: "INTEGER", nullable: false),
                Channel = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                ResolvedAt = table.Column<long>(type: "INTEGER", nullable: true),
                ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                ResponseDueAt = table.Column<long>(type: "INTEGER", nullable: true),
                ResolutionDueAt = table.Column<long>(type: "INTEGER", nullable: true),
                Satisfaction = table.Column<int>(type: "INTEGER", nullable: true),
                DuplicateOfId = table.Column<long>(type: "INTEGER", nullable: true),
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
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                TicketId = table.Column<long>(type: "INTEGER", nullable: false),
                Kind = table.Column<int>(type: "INTEGER", nullable: false),
                Author = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                FromStatus = table.Column<int>(type: "INTEGER", nullable: true),
                ToStatus = table.Column<int>(type: "INTEGER", nullable: true),
                OutboxMessageId = table.Column<long>(type: "INTEGER", nullable: true),
                CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
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
                Id = table.Column<long>(type: "INTEGER", nullable: false).Annotation("Sqlite:Autoincrement", true),
                TicketId = table.Column<long>(type: "INTEGER", nullable: false),
                TicketEventId = table.Column<long>(type: "INTEGER", nullable: true),
                ChannelFileId = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                ContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                Size = table.Column<long>(type: "INTEGER", nullable: true),
                StoredPath = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
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
                TicketId = table.Column<long>(type: "INTEGER", nullable: false),
                CitizenId = table.Column<long>(type: "INTEGER", nullable: false),
                CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
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
