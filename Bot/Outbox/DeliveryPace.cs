namespace ChatIntake.Outbox;

/// <summary>
/// Token buckets per channel and per chat: the messengers' rate limits, kept before they answer 429. The messenger
/// counts a message when it arrives, which may be a while after its token was taken here (a slow connection, a pause),
/// so the pace keeps a reserve: a channel spends at most a quarter second's worth at once, though the messenger lets a
/// second's worth through, and a chat's token counts from when its send came back (sends to one chat never overlap).
/// </summary>
public sealed class DeliveryPace(OutboxOptions options, TimeProvider time)
{
    /// <summary>How much of a second's worth of the channel's rate may go at once; the rest is the reserve for late arrivals.</summary>
    public const double ChannelBurstSeconds = 0.25;

    private readonly Dictionary<string, Bucket> _channels = [];
    private readonly Dictionary<(string, string), Bucket> _chats = [];
    private readonly Lock _gate = new();

    /// <summary>How many messages a channel can send in <paramref name="round"/>: its burst, its rate for that long, and one token part-refilled.</summary>
    public int MostPerRound(TimeSpan round) => (int)(options.GlobalPerSecond * round.TotalSeconds) + ChannelBurst + 1;

    /// <summary>What a channel may spend at once: <see cref="ChannelBurstSeconds"/> of its rate, at least one.</summary>
    private int ChannelBurst => (int)Math.Max(1, Math.Floor(options.GlobalPerSecond * ChannelBurstSeconds));

    /// <summary>Takes a token for the chat and its channel, or says how long to wait for one.</summary>
    public bool TryTake(string channel, string chatId, out TimeSpan wait) => TryTake(channel, chatId, out wait, out _);

    /// <summary>As above; <paramref name="channelLimited"/> when the channel's own pace, not the chat's, said no.</summary>
    public bool TryTake(string channel, string chatId, out TimeSpan wait, out bool channelLimited)
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            var global = _channels.TryGetValue(channel, out var g) ? g : _channels[channel] = new Bucket(options.GlobalPerSecond, ChannelBurst, now);
            var chat = _chats.TryGetValue((channel, chatId), out var c) ? c : _chats[(channel, chatId)] = new Bucket(options.PerChatPerSecond, options.PerChatBurst, now);
            global.Refill(now, time);
            chat.Refill(now, time);
            if (global.Tokens >= 1 && chat.Tokens >= 1)
            {
                global.Tokens--;
                chat.Tokens--;
                wait = TimeSpan.Zero;
                channelLimited = false;
                return true;
            }

            wait = TimeSpan.FromSeconds(Math.Max(global.SecondsToNext(), chat.SecondsToNext()));
            channelLimited = global.Tokens < 1;
            if (_chats.Count > 100_000)
            {
                // Full chats only matter while they are busy; forgetting idle ones bounds memory.
                foreach (var idle in _chats.Where(kv => kv.Value.IsFull).Select(kv => kv.Key).ToList())
                {
                    _chats.Remove(idle);
                }
            }

            return false;
        }
    }

    /// <summary>Whether the chat has a token now, without taking it; a chat never paced before is ready.</summary>
    public bool IsReady(string channel, string chatId, out TimeSpan wait)
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            if (!_chats.TryGetValue((channel, chatId), out var chat))
            {
                wait = TimeSpan.Zero;
                return true;
            }

            chat.Refill(now, time);
            wait = TimeSpan.FromSeconds(chat.SecondsToNext());
            return chat.Tokens >= 1;
        }
    }

    /// <summary>
    /// A send to the chat came back: the messenger saw it at some moment since its token was taken, at the latest now, so
    /// the chat's next token refills from now. Without this, a send that was slow on the way could arrive less than a
    /// token's time before the next one and be refused.
    /// </summary>
    public void Returned(string channel, string chatId)
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            if (_chats.TryGetValue((channel, chatId), out var chat))
            {
                chat.Restart(now);
            }
        }
    }

    /// <summary>The messenger said to slow down: no more for this chat until the wait is over.</summary>
    public void Pause(string channel, string chatId, TimeSpan wait)
    {
        lock (_gate)
        {
            if (_chats.TryGetValue((channel, chatId), out var chat))
            {
                chat.Tokens = -wait.TotalSeconds * chat.PerSecond;
            }
        }
    }

    private sealed class Bucket(double perSecond, double capacity, long now)
    {
        private readonly double _capacity = capacity;
        private long _updated = now;

        public double PerSecond { get; } = perSecond;

        public double Tokens { get; set; } = capacity;

        public bool IsFull => Tokens >= _capacity;

        public void Refill(long now, TimeProvider time)
        {
            // The time is read before the lock: a caller held up between the two brings a moment the bucket has passed,
            // which must not take tokens back (a chat's message then looked a long wait away and missed its round).
            if (now <= _updated)
            {
                return;
            }

            Tokens = Math.Min(_capacity, Tokens + time.GetElapsedTime(_updated, now).TotalSeconds * PerSecond);
            _updated = now;
        }

        public double SecondsToNext() => Tokens >= 1 ? 0 : (1 - Tokens) / PerSecond;

        /// <summary>Forgets what refilled since the last look: the tokens count on from <paramref name="now"/>.</summary>
        public void Restart(long now) => _updated = Math.Max(_updated, now);
    }
}
