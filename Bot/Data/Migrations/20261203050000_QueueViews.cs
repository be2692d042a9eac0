using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace ChatIntake.Data.Migrations;

/// <summary>Staff's saved queue views (own and shared), and how far each staff member has read each ticket (the unread mark).</summary>
[DbContext(typeof(IntakeDbContext))]
[Migration("20261203050000_QueueViews")]
public sealed class QueueViews : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "SavedViews",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).Annotation("Sqlite:Autoincrement", true).Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                OwnerId = table.Column<long>(nullable: false),
                Name = table.Column<string>(maxLength: 100, nullable: false),
                Query = table.Column<string>(maxLength: 1000, nullable: false),
                Shared = table.Column<bool>(nullable: false),
                CreatedAt = table.Column<long>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_SavedViews", x => x.Id);
                table.ForeignKey("FK_SavedViews_Staff_OwnerId", x => x.OwnerId, "Staff", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "TicketReads",
            columns: table => new
            {
                StaffId = table.Column<long>(nullable: false),
                TicketId = table.Column<long>(nullable: false),
                SeenEventId = table.Column<long>(nullable: false),
                SeenAt = table.Column<long>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_TicketReads", x => new { x.StaffId, x.TicketId });
                table.ForeignKey("FK_TicketReads_Staff_StaffId", x => x.StaffId, "Staff", "Id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("FK_TicketReads_Tickets_TicketId", x => x.TicketId, "Tickets", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex("IX_SavedViews_OwnerId", "SavedViews", "OwnerId");
        migrationBuilder.CreateIndex("IX_TicketReads_TicketId", "TicketReads", "TicketId");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("TicketReads");
        migrationBuilder.DropTable("SavedViews");
    }
}
