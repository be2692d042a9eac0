using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChatIntake.Data.Migrations;

/// <summary>What the follow-up jobs remember per ticket, so no citizen hears the same follow-up twice.</summary>
[DbContext(typeof(IntakeDbContext))]
[Migration("20261122050000_FollowUps")]
public sealed class FollowUps : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("SatisfactionComment", "Tickets", maxLength: 1000, nullable: true);
        migrationBuilder.AddColumn<long>("SurveySentAt", "Tickets", nullable: true);
        migrationBuilder.AddColumn<long>("ProgressNoticeAt", "Tickets", nullable: true);
        migrationBuilder.AddColumn<long>("NudgedAt", "Conversations", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn("SatisfactionComment", "Tickets");
        migrationBuilder.DropColumn("SurveySentAt", "Tickets");
        migrationBuilder.DropColumn("ProgressNoticeAt", "Tickets");
        migrationBuilder.DropColumn("NudgedAt", "Conversations");
    }
}
