using ChatIntake.Conversations;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Outbox;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Outbox;

/// <summary>
/// On SQLite the dispatcher's delivery marks ride on the next turn commit instead of taking the one writer for a commit
/// of their own; whoever writes them, every message is marked once and sent once.
/// </summary>
[Trait("Database", "SqliteOnly")] // on PostgreSQL the marks commit in the round's claim, which they release
public sealed class DeliveryMarksTests
{
    [Fact]
    public async Task A_mark_staged_before_a_turn_is_written_by_that_turns_commit()
    {
        await using var bot = new BotApplicationFactory();
        var marks = bot.Service<DeliveryMarks>();
        await bot.Citizen("marks-1", "en").SaysAsync("/start");
        long id;
        await using (var db = bot.CreateDbContext())
        {
            id = (await db.Outbox.AsNoTracking().FirstAsync(m => m.ExternalChatId == "marks-1")).Id;
        }

        var withTurns = marks.WrittenWithTurns;
        var mark = new OutboxMessage { Id = id, Channel = TestChannel.ChannelName, ExternalChatId = "marks-1", Payload = "{}", State = OutboxState.Sent, Attempts = 1, ExternalMessageId = "marked-in-a-turn", SentAt = bot.Clock.GetUtcNow() };
        var written = marks.Stage([mark], new Dictionary<long, string>());
        Assert.False(written.IsCompleted);

        await bot.Citizen("marks-2", "en").SaysAsync("/start");

        Assert.True(written.IsCompleted, "the turn's commit did not write the staged mark");
        Assert.True(marks.WrittenWithTurns > withTurns, "no mark was written with a turn");
        await using (var db = bot.CreateDbContext())
        {
            Assert.Equal("marked-in-a-turn", (await db.Outbox.AsNoTracking().SingleAsync(m => m.Id == id)).ExternalMessageId);
        }
    }

    [Fact]
    public async Task With_no_turn_to_carry_them_the_dispatcher_writes_its_marks_itself()
    {
        await using var bot = new BotApplicationFactory();
        var marks = bot.Service<DeliveryMarks>();
        await bot.Citizen("alone-1", "en").SaysAsync("/start");

        // The citizen says nothing more: the replies' marks are written all the same, by the dispatcher.
        await using var db = bot.CreateDbContext();
        var rows = await db.Outbox.AsNoTracking().Where(m => m.ExternalChatId == "alone-1").ToListAsync();
        Assert.NotEmpty(rows);
        Assert.All(rows, m => Assert.Equal(OutboxState.Sent, m.State));
        Assert.True(marks.WrittenAlone >= rows.Count, $"{marks.WrittenAlone} marks written alone for {rows.Count} replies");
    }

    [Fact]
    public async Task Citizens_writing_at_once_get_each_reply_once_and_most_marks_ride_on_turn_commits()
    {
        await using var bot = new BotApplicationFactory();
        var marks = bot.Service<DeliveryMarks>();
        var chats = Enumerable.Range(0, 24).Select(i => $"busy-{i}").ToList();

        // Updates keep arriving, a millisecond apart, without waiting for the replies to earlier ones: turns commit while
        // the dispatcher's marks wait.
        var deliveries = new List<Task>();
        foreach (var text in (string[])["/start", "/help", "/my", "/help"])
        {
            foreach (var chat in chats)
            {
                var update = new InboundUpdate(TestChannel.ChannelName, BotApplicationFactory.NewUpdateId(), chat,
                    new Activity { Text = text, From = new ChannelAccount("user-" + chat, "Citizen " + chat, "en") });
                deliveries.Add(bot.DeliverAsync(update));
                await Task.Delay(1);
            }
        }

        await Task.WhenAll(deliveries);
        await using var db = bot.CreateDbContext();
        foreach (var chat in chats)
        {
            var rows = await db.Outbox.AsNoTracking().Where(m => m.ExternalChatId == chat).ToListAsync();
            Assert.True(rows.Count >= 4, $"{rows.Count} replies to chat {chat}");
            Assert.All(rows, m => Assert.Equal((OutboxState.Sent, 1), (m.State, m.Attempts)));
            Assert.Equal(rows.Count, bot.Channel.DeliveredTo(chat).Count);
        }

        Assert.True(marks.WrittenWithTurns > 0, $"no mark rode on a turn commit ({marks.WrittenAlone} written alone)");
    }

    [Fact]
    public async Task Marks_a_failed_commit_took_go_back_ahead_of_those_staged_since_and_complete_when_written()
    {
        var marks = new DeliveryMarks();
        var first = marks.Stage([Message(1)], new Dictionary<long, string> { [7] = "blocked" });
        var taken = marks.TakeForWriting()!;
        var second = marks.Stage([Message(2)], new Dictionary<long, string>());
        Assert.Null(new DeliveryMarks().TakeForWriting());

        marks.PutBack(taken);
        var again = marks.TakeForWriting()!;
        Assert.Equal(new long[] { 1, 2 }, again.Messages.Select(m => m.Id));
        Assert.Equal("blocked", again.Unreachable[7]);
        Assert.Null(marks.TakeForWriting());
        Assert.False(first.IsCompleted || second.IsCompleted);

        marks.Written(again, withTurns: true);
        await first.WaitAsync(TimeSpan.FromSeconds(5));
        await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(2, marks.WrittenWithTurns);
    }

    private static OutboxMessage Message(long id) => new() { Id = id, Channel = TestChannel.ChannelName, ExternalChatId = "chat", Payload = "{}" };
}
