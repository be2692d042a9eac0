using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChatIntake.Data.Migrations;

/// <summary>Each scheduled job's latest run, so every instance's jobs page shows the runs wherever the cluster fired them.</summary>
[DbContext(typeof(IntakeDbContext))]
[Migration("20261205100000_JobRuns")]
public sealed class JobRuns : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.CreateTable(
            name: "JobRuns",
            columns: table => new
            {
                Job = table.Column<string>(maxLength: 200, nullable: false),
                StartedAt = table.Column<long>(nullable: false),
                FinishedAt = table.Column<long>(nullable: false),
                Outcome = table.Column<string>(maxLength: 1000, nullable: true),
                LastError = table.Column<string>(maxLength: 1000, nullable: true),
                Failures = table.Column<int>(nullable: false),
                Instance = table.Column<string>(maxLength: 200, nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_JobRuns", x => x.Job));

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("JobRuns");
}
