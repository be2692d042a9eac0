using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChatIntake.Data.Migrations;

/// <summary>Staff reminders: which tickets were reminded about or escalated, and the bot chat each staff member linked.</summary>
[DbContext(typeof(IntakeDbContext))]
[Migration("20261122070000_StaffReminders")]
public sealed class StaffReminders : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<long>("ReminderSentAt", "Tickets", nullable: true);
        migrationBuilder.AddColumn<long>("EscalatedAt", "Tickets", nullable: true);
        migrationBuilder.AddColumn<long>("ResponseReminderAt", "Tickets", nullable: true);
        migrationBuilder.AddColumn<long>("ResponseEscalatedAt", "Tickets", nullable: true);
        migrationBuilder.AddColumn<long>("LinkedCitizenId", "Staff", nullable: true);
        migrationBuilder.AddColumn<string>("LinkCode", "Staff", maxLength: 16, nullable: true);
        migrationBuilder.AddColumn<long>("LinkCodeExpiresAt", "Staff", nullable: true);
        migrationBuilder.AddColumn<DateOnly>("LastDigestOn", "Staff", nullable: true);
        migrationBuilder.CreateIndex("IX_Staff_LinkCode", "Staff", "LinkCode");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex("IX_Staff_LinkCode", "Staff");
        migrationBuilder.DropColumn("ReminderSentAt", "Tickets");
        migrationBuilder.DropColumn("EscalatedAt", "Tickets");
        migrationBuilder.DropColumn("ResponseReminderAt", "Tickets");
        migrationBuilder.DropColumn("ResponseEscalatedAt", "Tickets");
        migrationBuilder.DropColumn("LinkedCitizenId", "Staff");
        migrationBuilder.DropColumn("LinkCode", "Staff");
        migrationBuilder.DropColumn("LinkCodeExpiresAt", "Staff");
        migrationBuilder.DropColumn("LastDigestOn", "Staff");
    }
}
