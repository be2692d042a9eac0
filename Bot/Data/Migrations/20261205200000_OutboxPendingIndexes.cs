using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChatIntake.Data.Migrations;

/// <summary>
/// The dispatcher's three indexes keep pending rows only. Built over every row, each delivery moved a row's entries
/// into the sent part of every index, and each reply's insert landed among all the city's sent messages: a fifth of
/// the intake's disk writes.
/// </summary>
[DbContext(typeof(IntakeDbContext))]
[Migration("20261205200000_OutboxPendingIndexes")]
public sealed class OutboxPendingIndexes : Migration
{
    private static readonly (string Name, string[] Columns)[] Indexes =
    [
        ("IX_Outbox_State_NotBefore", ["State", "NotBefore"]),
        ("IX_Outbox_PendingByChat", ["State", "Channel", "ExternalChatId", "Lane", "NotBefore"]),
        ("IX_Outbox_PendingByLane", ["State", "Lane"]),
    ];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        foreach (var (name, columns) in Indexes)
        {
            migrationBuilder.DropIndex(name, "Outbox");
            migrationBuilder.CreateIndex(name, "Outbox", columns, filter: "\"State\" = 0");
        }
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var (name, columns) in Indexes)
        {
            migrationBuilder.DropIndex(name, "Outbox");
            migrationBuilder.CreateIndex(name, "Outbox", columns);
        }
    }
}
