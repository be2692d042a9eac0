using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChatIntake.Data.Migrations;

/// <summary>
/// A new report's insert touched 20 indexes on Tickets, about 6 µs each in the one writer. Two only repeated the first
/// column of another (district, assignee) and go; four hold only the tickets that have a value (duplicate of, outside
/// agency, sign-off asked, closed), which a new report never has, and every query of them compares the column anyway.
/// The outbox's ticket index likewise: every turn writes a reply, and only staff replies and notices name a ticket.
/// </summary>
[DbContext(typeof(IntakeDbContext))]
[Migration("20261206000000_TicketSparseIndexes")]
public sealed class TicketSparseIndexes : Migration
{
    private static readonly string[] Redundant = ["DistrictId", "AssigneeId"];

    private static readonly (string Table, string Column)[] Sparse =
        [("Tickets", "DuplicateOfId"), ("Tickets", "AgencyId"), ("Tickets", "SignOffRequestedAt"), ("Tickets", "ClosedAt"), ("Outbox", "TicketId")];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        foreach (var column in Redundant)
        {
            migrationBuilder.DropIndex($"IX_Tickets_{column}", "Tickets");
        }

        foreach (var (table, column) in Sparse)
        {
            migrationBuilder.DropIndex($"IX_{table}_{column}", table);
            migrationBuilder.CreateIndex($"IX_{table}_{column}", table, column, filter: IntakeDbContext.NotNull(column));
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var (table, column) in Sparse)
        {
            migrationBuilder.DropIndex($"IX_{table}_{column}", table);
            migrationBuilder.CreateIndex($"IX_{table}_{column}", table, column);
        }

        foreach (var column in Redundant)
        {
            migrationBuilder.CreateIndex($"IX_Tickets_{column}", "Tickets", column);
        }
    }
}
