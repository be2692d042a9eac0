using ChatIntake.Conversations;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ChatIntake.Tests.Conversations;

/// <summary>
/// Options kept in the store are written by a turn commit; a commit that fails must leave them to the next one, or a
/// state naming them could be committed later with nothing to read them from.
/// </summary>
public sealed class PromptOptionsStoreTests
{
    [Fact]
    public async Task Options_a_failed_commit_wrote_are_written_by_the_next_and_then_by_none()
    {
        await using var bot = new BotApplicationFactory();
        var store = bot.Service<PromptOptionsStore>();
        var options = PreparedPromptOptions.Of(new PromptOptions(Activity.Message("Which bridge is it?")));
        store.Keep(options);
        store.Keep(options);

        Assert.Single(await WriteAsync(bot, store, commit: false));
        await using (var db = bot.CreateDbContext())
        {
            Assert.Empty(await db.SharedPromptOptions.ToListAsync());
        }

        Assert.Equal(options.Key, Assert.Single(await WriteAsync(bot, store, commit: true)).Key);
        Assert.Empty(await WriteAsync(bot, store, commit: true));
        await using (var db = bot.CreateDbContext())
        {
            var kept = Assert.Single(await db.SharedPromptOptions.ToListAsync());
            Assert.Equal(options.Json, kept.Options);
        }

        Assert.Equal("Which bridge is it?", (await store.FindAsync(options.Key, CancellationToken.None))!.Prompt.Text);
        Assert.Null(await store.FindAsync("no-such-key", CancellationToken.None));
    }

    /// <summary>What one turn commit writes, as <see cref="TurnProcessor"/> calls the store; rolled back unless <paramref name="commit"/>.</summary>
    private static async Task<IReadOnlyList<KeyValuePair<string, string>>> WriteAsync(BotApplicationFactory bot, PromptOptionsStore store, bool commit)
    {
        await using var db = bot.CreateDbContext();
        await db.Database.OpenConnectionAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var written = await store.WriteNewAsync(db.Database.GetDbConnection(), transaction.GetDbTransaction(), bot.Clock.GetUtcNow(), CancellationToken.None);
        if (commit)
        {
            await transaction.CommitAsync();
            store.Written(written);
        }
        else
        {
            await transaction.RollbackAsync();
        }

        return written;
    }
}
