using ChatIntake.Conversations;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Outbox;
using ChatIntake.Tests.Infrastructure;
using Npgsql;

namespace ChatIntake.Tests.Outbox;

/// <summary>On PostgreSQL the dispatcher sends only rows it has claimed; a chat whose earliest row another session holds waits whole.</summary>
[Trait("Database", "PostgresOnly")]
public sealed class OutboxClaimTests
{
    [Fact]
    public async Task A_chat_whose_first_message_another_instance_holds_waits_whole_and_then_goes_out_in_order()
    {
        await using var bot = new BotApplicationFactory();
        _ = bot.Services;
        var due = bot.Clock.GetUtcNow().AddSeconds(2);
        long held;
        await using (var db = bot.CreateDbContext())
        {
            var rows = new[] { ("claim-held", "first"), ("claim-held", "second"), ("claim-held", "third"), ("claim-free", "only") }
                .Select(r => new OutboxMessage
                {
                    Channel = TestChannel.ChannelName, ExternalChatId = r.Item1, Payload = ActivityJson.Serialize(Activity.Message(r.Item2)),
                    State = OutboxState.Pending, NotBefore = due, CreatedAt = due,
                }).ToList();
            db.Outbox.AddRange(rows);
            await db.SaveChangesAsync();
            held = rows[0].Id;
        }

        // Another instance's round holds the first row of one chat (its claim: a row lock in an open transaction).
        await using var other = new NpgsqlConnection(TestDatabase.ConnectionString(bot.DatabaseFile));
        await other.OpenAsync();
        await using (var claim = await other.BeginTransactionAsync())
        {
            await using (var lockRow = new NpgsqlCommand("""SELECT "Id" FROM "Outbox" WHERE "Id" = @id FOR UPDATE""", other, claim))
            {
                lockRow.Parameters.AddWithValue("id", held);
                Assert.Equal(held, await lockRow.ExecuteScalarAsync());
            }

            await Eventually.UntilAsync(() => bot.Channel.DeliveredTo("claim-free"), d => d.Count == 1, "the free chat's message to go out", TimeSpan.FromSeconds(20));
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            Assert.Empty(bot.Channel.DeliveredTo("claim-held")); // neither the held row nor the ones behind it

            await claim.RollbackAsync(); // that instance dies: its claim ends with its transaction
        }

        var delivered = await Eventually.UntilAsync(() => bot.Channel.DeliveredTo("claim-held"), d => d.Count == 3, "the held chat's messages after the claim ended", TimeSpan.FromSeconds(20));
        Assert.Equal(["first", "second", "third"], delivered.Select(a => a.Text));
    }
}
