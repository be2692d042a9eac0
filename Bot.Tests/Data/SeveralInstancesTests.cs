using ChatIntake.Conversations;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Outbox;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Data;

/// <summary>
/// Two instances of the product on one PostgreSQL database, as behind a load balancer. PostgreSQL only: a SQLite file
/// belongs to one process (test.sh runs these in the PostgreSQL run).
/// </summary>
[Trait("Database", "PostgresOnly")]
public sealed class SeveralInstancesTests
{
    [Fact]
    public async Task Two_instances_send_each_reply_once_through_one_sender_and_the_other_takes_over_when_it_stops()
    {
        using var database = new TestDatabaseFile();
        var first = new BotApplicationFactory(database.Path);
        await using var second = new BotApplicationFactory(database.Path);
        try
        {
            _ = first.Services;
            _ = second.Services;

            // Citizens' updates arrive at either instance; whichever sends, every reply goes out once.
            for (var i = 0; i < 6; i++)
            {
                await (i % 2 == 0 ? first : second).Service<Inbox>().AcceptAsync(Update($"multi-{i}", "/start"), CancellationToken.None);
            }

            var sent = await AllSentAsync(second, 6);
            var delivered = first.Channel.Delivered.Count + second.Channel.Delivered.Count;
            Assert.Equal(sent, delivered);
            Assert.True(first.Channel.Delivered.Count == 0 || second.Channel.Delivered.Count == 0,
                $"one instance sends for the bot: the first sent {first.Channel.Delivered.Count}, the second {second.Channel.Delivered.Count}");

            // The sender stops; the other takes over and the next replies still go out once.
            var sender = first.Channel.Delivered.Count > 0 ? first : second;
            var survivor = sender == first ? second : first;
            var survivorBefore = survivor.Channel.Delivered.Count;
            await sender.DisposeAsync();
            for (var i = 6; i < 8; i++)
            {
                await survivor.Service<Inbox>().AcceptAsync(Update($"multi-{i}", "/start"), CancellationToken.None);
            }

            var sentAfter = await AllSentAsync(survivor, 8);
            Assert.Equal(sentAfter - sent, survivor.Channel.Delivered.Count - survivorBefore);
            Assert.NotEmpty(survivor.Channel.DeliveredTo("multi-7"));
        }
        finally
        {
            await first.DisposeAsync();
        }
    }

    private static InboundUpdate Update(string chat, string text) =>
        new(TestChannel.ChannelName, BotApplicationFactory.NewUpdateId(), chat, new Activity { Text = text, From = new ChannelAccount("user-" + chat, "Citizen " + chat, "en") });

    /// <summary>Waits until the chats' updates are turned and nothing waits in the outbox; returns how many messages were sent.</summary>
    private static async Task<int> AllSentAsync(BotApplicationFactory host, int chats)
    {
        await Eventually.UntilAsync(async () =>
        {
            await using var db = host.CreateDbContext();
            return await db.Inbox.CountAsync(m => m.ProcessedAt != null) >= chats && !await db.Outbox.AnyAsync(m => m.State == OutboxState.Pending);
        }, $"{chats} chats turned and their replies sent", TimeSpan.FromSeconds(40));
        await using var db = host.CreateDbContext();
        Assert.Equal(0, await db.Outbox.CountAsync(m => m.State == OutboxState.Failed));
        return await db.Outbox.CountAsync(m => m.State == OutboxState.Sent);
    }
}
