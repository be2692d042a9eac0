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
        migrationBuilder.AddColumn<long>("ReminderSentAt", "Tickets", type: "INTEGER", nullable: true);
        migrationBuilder.AddColumn<long>("EscalatedAt", "Tickets", type: "INTEGER", nullable: true);
        migrationBuilder.AddColumn<long>("ResponseReminderAt", "Tickets", type: "INTEGER", nullable: true);
        migrationBuilder.AddColumn<long>("ResponseEscalatedAt", "Tickets", type: "INTEGER", nullable: true);
        migrationBuilder.AddColumn<long>("LinkedCitizenId", "Staff", type: "INTEGER", nullable: true);
        migrationBuilder.AddColumn<string>("LinkCode", "Staff", type: "TEXT", maxLength: 16, nullable: true);
        migrationBuilder.AddColumn<long>("LinkCodeExpiresAt", "Staff", type: "INTEGER", nullable: true);
        migrationBuilder.AddColumn<string>("LastDigestOn", "Staff", type: "TEXT", nullable: true);
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
