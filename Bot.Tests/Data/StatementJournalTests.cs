using ChatIntake.Data;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Data;

/// <summary>The hot writers keep their statement journals in memory; whoever opens the pooled connection next gets the default back.</summary>
[Trait("Database", "SqliteOnly")] // SQLite's temporary storage
public sealed class StatementJournalTests
{
    [Fact]
    public async Task Journals_kept_in_memory_for_a_write_are_back_to_the_default_when_the_connection_is_opened_again()
    {
        await using var bot = new BotApplicationFactory();
        await using (var writer = bot.CreateDbContext())
        {
            await writer.Database.OpenConnectionAsync();
            await PreparedSql.KeepJournalsInMemoryAsync(writer.Database.GetDbConnection(), CancellationToken.None);
            Assert.Equal(2, await TempStoreAsync(writer));
        }

        // The pool hands the same connection on: a panel's query must sort on disk again, not in memory.
        await using var reader = bot.CreateDbContext();
        await reader.Database.OpenConnectionAsync();
        Assert.Equal(0, await TempStoreAsync(reader));
    }

    private static async Task<long> TempStoreAsync(IntakeDbContext db)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA temp_store;";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
