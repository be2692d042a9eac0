using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChatIntake.Data.Migrations;

/// <summary>
/// The queue at a million tickets: each filter's column followed by the creation time, so a filtered page is read in
/// order from an index instead of sorting every match; the update time for "recently updated" and the live stamp; the
/// sign-off mark, which few tickets carry.
/// </summary>
[DbContext(typeof(IntakeDbContext))]
[Migration("20261203040000_QueueIndexes")]
public sealed class QueueIndexes : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateIndex("IX_Tickets_CreatedAt", "Tickets", "CreatedAt");
        migrationBuilder.CreateIndex("IX_Tickets_UpdatedAt", "Tickets", "UpdatedAt");
        migrationBuilder.CreateIndex("IX_Tickets_CategoryId_CreatedAt", "Tickets", ["CategoryId", "CreatedAt"]);
        migrationBuilder.CreateIndex("IX_Tickets_DistrictId_CreatedAt", "Tickets", ["DistrictId", "CreatedAt"]);
        migrationBuilder.CreateIndex("IX_Tickets_Kind_CreatedAt", "Tickets", ["Kind", "CreatedAt"]);
        migrationBuilder.CreateIndex("IX_Tickets_AssigneeId_CreatedAt", "Tickets", ["AssigneeId", "CreatedAt"]);
        migrationBuilder.CreateIndex("IX_Tickets_SignOffRequestedAt", "Tickets", "SignOffRequestedAt");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var name in new[] { "CreatedAt", "UpdatedAt", "CategoryId_CreatedAt", "DistrictId_CreatedAt", "Kind_CreatedAt", "AssigneeId_CreatedAt", "SignOffRequestedAt" })
        {
            migrationBuilder.DropIndex("IX_Tickets_" + name, "Tickets");
        }
    }
}
