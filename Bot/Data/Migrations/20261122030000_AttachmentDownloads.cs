using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChatIntake.Data.Migrations;

/// <summary>What the attachment downloader needs: the original file name, and its attempts and last error.</summary>
[DbContext(typeof(IntakeDbContext))]
[Migration("20261122030000_AttachmentDownloads")]
public sealed class AttachmentDownloads : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.AddColumn<string>("FileName", "Attachments", maxLength: 256, nullable: true);
        migrationBuilder.AddColumn<int>("DownloadAttempts", "Attachments", nullable: false, defaultValue: 0);
        migrationBuilder.AddColumn<string>("DownloadError", "Attachments", maxLength: 500, nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn("FileName", "Attachments");
        migrationBuilder.DropColumn("DownloadAttempts", "Attachments");
        migrationBuilder.DropColumn("DownloadError", "Attachments");
    }
}
