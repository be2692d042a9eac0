using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Channels.Telegram;

/// <summary>A chat that floods the bot is told once to slow down and the rest of its flood is dropped; other chats are answered.</summary>
public sealed class BotFloodTests
{
    private const long Flooder = 4001;
    private const long Neighbour = 4002;

    [Fact]
    public async Task A_flooding_chat_gets_one_polite_notice_and_the_rest_is_dropped_while_another_chat_is_answered()
    {
        await using var host = await BotApiHost.StartAsync(new Dictionary<string, string?> { ["Telegram:UpdatesPerMinutePerChat"] = "5" });
        for (var i = 0; i < 40; i++)
        {
            host.Api.SendText(Flooder, "/help", "en");
        }

        var answered = await host.SaysAsync(Neighbour, "/start", "en");
        Assert.Contains(answered, m => m.Text.Contains("What would you like to do?", StringComparison.Ordinal));

        // The neighbour's update came after the whole flood, so every flooded update has been judged by now.
        await BotApiHost.WaitUntilAsync(() => host.Api.DeliveredTo(Flooder).Any(m => m.Text.Contains("sending messages faster", StringComparison.Ordinal)), "the slow-down notice");
        var flooderChat = Flooder.ToString(CultureInfo.InvariantCulture);
        // The flooder's accepted updates may still be waiting for their turns after the neighbour's is answered (each chat
        // has its own turn order): wait until all are turned and their replies are out.
        await host.WaitUntilAsync(async db =>
            !await db.Inbox.AnyAsync(m => m.ExternalChatId == flooderChat && m.ProcessedAt == null) &&
            !await db.Outbox.AnyAsync(m => m.ExternalChatId == flooderChat && m.State == ChatIntake.Outbox.OutboxState.Pending));
        await using var db = host.Factory.CreateDbContext();
        Assert.Equal(5, await db.Inbox.CountAsync(m => m.ExternalChatId == flooderChat));
        Assert.Single(host.Api.DeliveredTo(Flooder), m => m.Text.Contains("sending messages faster", StringComparison.Ordinal));
        Assert.Equal(5, host.Api.DeliveredTo(Flooder).Count(m => m.Text.Contains("How it works", StringComparison.Ordinal)));
    }
}
