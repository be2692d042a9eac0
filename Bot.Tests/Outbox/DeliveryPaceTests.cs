using ChatIntake.Outbox;

namespace ChatIntake.Tests.Outbox;

/// <summary>The pace's buckets against a clock read by callers that may be held up on their way to the lock.</summary>
[Trait("Database", "Any")]
public sealed class DeliveryPaceTests
{
    [Fact]
    public async Task A_caller_held_up_between_reading_the_clock_and_taking_its_token_still_finds_the_tokens_refilled_since()
    {
        var clock = new HoldingClock();
        var pace = new DeliveryPace(new OutboxOptions { GlobalPerSecond = 30, PerChatPerSecond = 1, PerChatBurst = 3 }, clock);
        for (var i = 0; i < 7; i++)
        {
            Assert.True(pace.TryTake("test", $"chat-{i}", out _)); // the channel's burst, spent at once
        }

        // One caller reads the clock at 0 s and is held up (pre-empted, a collection) before it takes the lock...
        clock.HoldNextRead();
        var late = Task.Run(() => (Taken: pace.TryTake("test", "late", out var wait), Wait: wait));
        await clock.HeldAsync();

        // ...while half a second passes and another caller takes a token from the refilled bucket.
        clock.Advance(TimeSpan.FromSeconds(0.5));
        Assert.True(pace.TryTake("test", "meanwhile", out _));
        clock.Release();

        var (taken, wait) = await late;
        Assert.True(taken, $"the held-up caller was told to wait {wait.TotalMilliseconds} ms though six tokens were left");
    }

    /// <summary>Stands still unless advanced; can hold one reader after it has read the time, before it returns.</summary>
    private sealed class HoldingClock : TimeProvider
    {
        private readonly SemaphoreSlim _held = new(0, 1);
        private readonly SemaphoreSlim _released = new(0, 1);
        private long _ticks = TimeSpan.TicksPerHour;
        private int _holdNext;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp()
        {
            var now = Interlocked.Read(ref _ticks);
            if (Interlocked.Exchange(ref _holdNext, 0) == 1)
            {
                _held.Release();
                _released.Wait(TimeSpan.FromSeconds(10));
            }

            return now;
        }

        public void HoldNextRead() => Volatile.Write(ref _holdNext, 1);

        public Task HeldAsync() => _held.WaitAsync(TimeSpan.FromSeconds(10));

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

        public void Release() => _released.Release();
    }
}
