using System.Diagnostics;
using Activity = ChatIntake.Dialogs.Engine.Activity;
using System.Globalization;
using ChatIntake.Conversations;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Outbox;
using ChatIntake.Tests.Infrastructure;

namespace ChatIntake.Tests.Outbox;

/// <summary>
/// Delivery at a messenger's own limits, kept the way Telegram keeps them (a bucket per bot holding a second's worth, one
/// per chat holding three), while some sends arrive late: the dispatcher's reserve absorbs the lateness, so nothing is
/// refused and every chat gets its messages in order. Ten times Telegram's pace, so the test is short; counted, not timed.
/// </summary>
public sealed class PaceAtLimitsTests : IAsyncLifetime
{
    private const double PerBotPerSecond = 100, PerChatPerSecond = 10;
    private const int ChatBurst = 3;

    private readonly BotApplicationFactory _bot = new(settings: new Dictionary<string, string?>
    {
        ["Outbox:PerChatPerSecond"] = PerChatPerSecond.ToString(CultureInfo.InvariantCulture),
        ["Outbox:PerChatBurst"] = ChatBurst.ToString(CultureInfo.InvariantCulture),
        ["Outbox:GlobalPerSecond"] = PerBotPerSecond.ToString(CultureInfo.InvariantCulture),
        ["Outbox:PollInterval"] = "00:00:00.100",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
    }

    [Fact]
    public async Task Notices_at_the_messengers_limits_with_late_arrivals_are_never_refused_and_keep_each_chats_order()
    {
        var messenger = new MessengerLimits(PerBotPerSecond, (int)PerBotPerSecond, PerChatPerSecond, ChatBurst);
        // Every fourth send is slow on the way (longer than a chat's token takes to refill); the others arrive at once.
        _bot.Channel.OnTheWay = (message, ct) => message.OutboxId % 4 == 0 ? Task.Delay(150, ct) : Task.CompletedTask;
        _bot.Channel.Behaviour = (message, _) => messenger.Admit(message.ChatId) ? null : SendResult.Retry("429 Too Many Requests: retry after 1", TimeSpan.FromSeconds(1));

        // One notice to each of 300 chats, then twenty to each of five chats, numbered per chat.
        var staged = new List<(string Chat, int Number)>();
        staged.AddRange(Enumerable.Range(0, 300).Select(i => ($"spread-{i}", 1)));
        staged.AddRange(Enumerable.Range(0, 100).Select(i => ($"burst-{i % 5}", (i / 5) + 1)));
        await using (var db = _bot.CreateDbContext())
        {
            var now = _bot.Service<TimeProvider>().GetUtcNow();
            foreach (var (chat, number) in staged)
            {
                db.Outbox.Add(new OutboxMessage
                {
                    Channel = TestChannel.ChannelName, ExternalChatId = chat, Payload = ActivityJson.Serialize(Activity.Message($"#{number}")),
                    State = OutboxState.Pending, Lane = OutboxLane.Notice, NotBefore = now, CreatedAt = now,
                });
            }

            await db.SaveChangesAsync();
        }

        _bot.Service<OutboxSignal>().Notify();
        await Eventually.UntilAsync(() => _bot.Channel.Delivered.Count, n => n >= staged.Count || messenger.Refused > 0,
            "every notice to be delivered", TimeSpan.FromSeconds(90));

        Assert.Equal(0, messenger.Refused);
        Assert.Equal(staged.Count, _bot.Channel.Delivered.Count);
        foreach (var chat in staged.Select(s => s.Chat).Distinct())
        {
            var numbers = _bot.Channel.DeliveredTo(chat).Select(a => int.Parse(a.Text![1..], CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(Enumerable.Range(1, numbers.Count), numbers);
        }
    }

    /// <summary>Telegram's limits as a bot meets them: a message is counted when it arrives, against the bot's bucket and its chat's.</summary>
    private sealed class MessengerLimits(double perBotPerSecond, int botBurst, double perChatPerSecond, int chatBurst)
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<string, (double Tokens, long At)> _chats = [];
        private (double Tokens, long At) _bot = (botBurst, Stopwatch.GetTimestamp());
        private int _refused;

        public int Refused => Volatile.Read(ref _refused);

        public bool Admit(string chatId)
        {
            lock (_gate)
            {
                var now = Stopwatch.GetTimestamp();
                var bot = Refill(_bot, now, perBotPerSecond, botBurst);
                var chat = Refill(_chats.GetValueOrDefault(chatId, (chatBurst, now)), now, perChatPerSecond, chatBurst);
                if (bot.Tokens < 1 || chat.Tokens < 1)
                {
                    _bot = bot;
                    _chats[chatId] = chat;
                    _refused++;
                    return false;
                }

                _bot = (bot.Tokens - 1, now);
                _chats[chatId] = (chat.Tokens - 1, now);
                return true;
            }
        }

        private static (double Tokens, long At) Refill((double Tokens, long At) bucket, long now, double perSecond, int capacity) =>
            (Math.Min(capacity, bucket.Tokens + (Stopwatch.GetElapsedTime(bucket.At, now).TotalSeconds * perSecond)), now);
    }
}
