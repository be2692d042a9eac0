using ChatIntake.Data;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Tickets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChatIntake.Tests.Data;

/// <summary>Threads written before the workflow stay readable: authors become typed actors, priority texts become values, first responses are found.</summary>
[Trait("Database", "SqliteOnly")] // upgrades rows written by SQLite-era releases; a PostgreSQL database starts at the current schema
public sealed class TicketWorkflowMigrationTests
{
    [Fact]
    public async Task Old_authors_and_priority_texts_become_typed_actors_and_values_and_the_first_response_is_found()
    {
        var file = Path.Combine(Path.GetTempPath(), $"wf-migration-{Guid.NewGuid():N}.db");
        try
        {
            await using (var db = Context(file))
            {
                await db.GetService<IMigrator>().MigrateAsync("20261122070000_StaffReminders");
                await db.Database.ExecuteSqlRawAsync("""
                    INSERT INTO "Categories" ("Id", "Code", "NameFa", "NameEn", "Department", "ResponseHours", "ResolutionHours", "KeywordsFa", "KeywordsEn", "PhotoRequired", "SortOrder", "IsActive")
                    VALUES (1, 'light', 'روشنایی', 'Lighting', 'Lighting', 12, 72, '', '', 0, 0, 1);
                    INSERT INTO "Citizens" ("Id", "Channel", "ExternalUserId", "Language", "Reachable", "CreatedAt") VALUES (7, 'telegram', 'u7', 'fa', 1, 0);
                    INSERT INTO "Tickets" ("Id", "TrackingCode", "CitizenId", "CategoryId", "Description", "Status", "Priority", "Channel", "CreatedAt", "UpdatedAt")
                    VALUES (1, 'ABCD2345', 7, 1, 'dark', 2, 1, 'telegram', 1000, 5000),
                           (2, 'EFGH2345', 7, 1, 'dark', 0, 0, 'telegram', 1000, 1000);
                    INSERT INTO "TicketEvents" ("TicketId", "Kind", "Author", "Text", "FromStatus", "ToStatus", "CreatedAt") VALUES
                        (1, 3, 'citizen:7', 'dark', NULL, 0, 1000),
                        (1, 1, 'staff:3', 'The crew is on its way.', NULL, NULL, 2000),
                        (1, 4, 'staff:3', '⚑ Normal → High', NULL, NULL, 3000),
                        (1, 3, 'staff:3', NULL, 0, 2, 4000),
                        (1, 4, 'system', '75% of the resolution time used: reminded — nobody in scope', NULL, NULL, 5000),
                        (2, 3, 'citizen:7', 'dark', NULL, 0, 1000);
                    """);
            }

            await using (var db = Context(file))
            {
                await db.Database.MigrateAsync();
            }

            await using (var db = Context(file))
            {
                var events = await db.TicketEvents.AsNoTracking().Where(e => e.TicketId == 1).OrderBy(e => e.Id).ToListAsync();
                Assert.Equal(new[] { ActorKind.Citizen, ActorKind.Staff, ActorKind.Staff, ActorKind.Staff, ActorKind.System }, events.Select(e => e.ActorKind));
                Assert.Equal(new long?[] { 7, 3, 3, 3, null }, events.Select(e => e.ActorId));
                var priority = events[2];
                Assert.Equal(TicketEventKind.PriorityChanged, priority.Kind);
                Assert.Equal((nameof(TicketPriority.Normal), nameof(TicketPriority.High)), (priority.FromValue, priority.ToValue));
                Assert.Null(priority.Text);
                Assert.Equal(TicketEventKind.SystemMessage, events[4].Kind);

                var answered = await db.Tickets.AsNoTracking().SingleAsync(t => t.Id == 1);
                Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(2000), answered.FirstResponseAt);
                Assert.Equal(TicketStatus.InProgress, answered.Status);
                Assert.Null((await db.Tickets.AsNoTracking().SingleAsync(t => t.Id == 2)).FirstResponseAt);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    private static IntakeDbContext Context(string file) =>
        new(new DbContextOptionsBuilder<IntakeDbContext>().UseSqlite($"Data Source={file}").Options);
}
