using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChatIntake.Data.Migrations;

/// <summary>
/// Completion verified before Resolved: per category an after photo and/or a supervisor's sign-off; on the ticket its
/// after photo and a pending sign-off request; on an attachment the messenger it came from when not the ticket's own.
/// </summary>
[DbContext(typeof(IntakeDbContext))]
[Migration("20261202080000_SignOff")]
public sealed class SignOff : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<bool>("AfterPhotoRequired", "Categories", nullable: false, defaultValue: false);
        migrationBuilder.AddColumn<bool>("SignOffRequired", "Categories", nullable: false, defaultValue: false);
        migrationBuilder.AddColumn<string>("AfterPhotoFileId", "Tickets", maxLength: 256, nullable: true);
        migrationBuilder.AddColumn<long>("SignOffRequestedAt", "Tickets", nullable: true);
        migrationBuilder.AddColumn<long>("SignOffRequestedById", "Tickets", nullable: true);
        migrationBuilder.AddColumn<string>("Channel", "Attachments", maxLength: 32, nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn("AfterPhotoRequired", "Categories");
        migrationBuilder.DropColumn("SignOffRequired", "Categories");
        migrationBuilder.DropColumn("AfterPhotoFileId", "Tickets");
        migrationBuilder.DropColumn("SignOffRequestedAt", "Tickets");
        migrationBuilder.DropColumn("SignOffRequestedById", "Tickets");
        migrationBuilder.DropColumn("Channel", "Attachments");
    }
}
