using ChatIntake.Data;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Data;

[Trait("Database", "SqliteOnly")] // SQLite's synchronous pragma
public sealed class DurabilityTests
{
    [Fact]
    public async Task Every_connection_the_product_opens_commits_with_the_configured_durability()
    {
        await using var bot = new BotApplicationFactory(settings: new Dictionary<string, string?> { ["Database:SqliteSynchronous"] = "FULL" });
        var contexts = bot.Service<IDbContextFactory<IntakeDbContext>>();

        // The outbox dispatcher relaxes its own connection; a connection opened after it must be back to FULL.
        for (var i = 0; i < 5; i++)
        {
            await using (var relaxed = await contexts.CreateDbContextAsync())
            {
                await relaxed.Database.OpenConnectionAsync();
                await relaxed.Database.ExecuteSqlRawAsync("PRAGMA synchronous=NORMAL;");
            }

            await using var turn = await contexts.CreateDbContextAsync();
            await turn.Database.OpenConnectionAsync();
            var level = await turn.Database.SqlQueryRaw<long>("SELECT synchronous AS Value FROM pragma_synchronous").SingleAsync();
            Assert.Equal(2, level); // 2 = FULL
        }
    }
}
