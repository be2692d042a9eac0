using ChatIntake.Data;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Data;

/// <summary>SQLite runs without its memory statistics, whose one lock every connection's allocations shared.</summary>
[Trait("Database", "SqliteOnly")] // settings of the SQLite library in this process
public sealed class SqliteProcessSettingsTests
{
    [Fact]
    public async Task Sqlite_keeps_no_memory_statistics_while_the_intake_reads_and_writes()
    {
        Assert.True(SqliteProcessSettings.Apply(), "SQLite was opened before its settings were applied");

        using var database = new TestDatabaseFile();
        await using var bot = new BotApplicationFactory(database.Path);
        var contexts = bot.Service<IDbContextFactory<IntakeDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        Assert.True(await db.Categories.CountAsync() > 0);

        // With the statistics on, SQLite counts what its open connection, page cache and statements hold.
        Assert.Equal(0, SQLitePCL.raw.sqlite3_memory_used());
        Assert.Equal(0, SQLitePCL.raw.sqlite3_memory_highwater(0));
    }
}
