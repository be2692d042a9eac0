using System.Data.Common;
using ChatIntake.Conversations;
using ChatIntake.Data;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Outbox;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatIntake.Tests.Outbox;

/// <summary>
/// One dispatch round at Telegram's pace (30 a second, 7 at once) on a clock that jumps to each token instead of waiting
/// for it: a round goes on waiting for tokens while nothing new is committed, and ends at its first wait when a commit
/// landed while it read the queue (that commit may be a reply the round cannot see). Counted, not timed.
/// </summary>
public sealed class DispatchRoundTests : IAsyncLifetime
{
    private const int Chats = 20;
    private const int ChannelBurst = 7; // 30 a second × DeliveryPace.ChannelBurstSeconds

    private readonly BotApplicationFactory _bot = new(settings: new Dictionary<string, string?>
    {
        ["Outbox:PerChatPerSecond"] = "1",
        ["Outbox:PerChatBurst"] = "3",
        ["Outbox:GlobalPerSecond"] = "30",
    }, configureServices: BotApplicationFactory.ServicesMayBeStopped);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
    }

    [Fact]
    public async Task A_round_waits_for_the_next_token_while_nothing_new_is_committed()
    {
        var (sent, waits) = await OneRoundAsync(commitDuringRead: false);

        Assert.Equal(Chats, sent);
        Assert.True(waits > 0, "the round never waited for a token");
    }

    [Fact]
    public async Task A_commit_while_the_queue_is_read_ends_the_round_at_its_first_wait_for_a_token()
    {
        var (sent, waits) = await OneRoundAsync(commitDuringRead: true);

        Assert.Equal(ChannelBurst, sent);
        Assert.Equal(0, waits);
    }

    [Fact]
    public async Task A_round_over_a_short_queue_reads_the_outbox_once()
    {
        var reads = new CountingReads();
        var (sent, _) = await OneRoundAsync(commitDuringRead: false, reads);

        Assert.True(sent > 0, "the round sent nothing");
        // The chats, their heads and the next retry all come from one read of the whole short queue; then one write.
        Assert.Equal(1, reads.OutboxReads);
    }

    /// <summary>One notice to each of <see cref="Chats"/> chats, sent by one round of a dispatcher of the test's own; the host's is stopped.</summary>
    private async Task<(int Sent, int Waits)> OneRoundAsync(bool commitDuringRead, CountingReads? reads = null)
    {
        await _bot.Service<OutboxDispatcher>().StopAsync(CancellationToken.None);
        await using (var db = _bot.CreateDbContext())
        {
            var now = _bot.Service<TimeProvider>().GetUtcNow();
            for (var i = 0; i < Chats; i++)
            {
                db.Outbox.Add(new OutboxMessage
                {
                    Channel = TestChannel.ChannelName, ExternalChatId = $"notice-{i}", Payload = ActivityJson.Serialize(Activity.Message("Your report is in progress")),
                    State = OutboxState.Pending, Lane = OutboxLane.Notice, NotBefore = now, CreatedAt = now,
                });
            }

            await db.SaveChangesAsync();
        }

        // The round's own signal: the host's services (a job's commit as the host starts) must not end the round early.
        var signal = new OutboxSignal();
        var hostOptions = _bot.Service<DbContextOptions<IntakeDbContext>>();
        var contexts = new ReadingContexts(commitDuringRead
            ? new DbContextOptionsBuilder<IntakeDbContext>(hostOptions).AddInterceptors(new CommitOnRead(signal)).Options
            : reads is not null ? new DbContextOptionsBuilder<IntakeDbContext>(hostOptions).AddInterceptors(reads).Options
            : hostOptions);
        var clock = new SteppingClock();
        var dispatcher = new OutboxDispatcher(contexts, [_bot.Channel], signal, _bot.Service<SenderElection>(), _bot.Service<WriteGate>(),
            new DeliveryMarks(), _bot.Service<IOptions<OutboxOptions>>(), clock, _bot.Service<ILogger<OutboxDispatcher>>());

        // The waits before the round's last send: after it, the round's marks wait for a turn commit to carry them.
        var waitsBeforeLastSend = 0;
        _bot.Channel.Behaviour = (_, _) =>
        {
            waitsBeforeLastSend = clock.Waits;
            return null;
        };
        await dispatcher.DispatchOnceAsync(CancellationToken.None);
        return (_bot.Channel.Delivered.Count, waitsBeforeLastSend);
    }

    /// <summary>Another instance's turn committing replies while the dispatcher reads: every read it makes is followed by a commit's signal.</summary>
    private sealed class CommitOnRead(OutboxSignal signal) : DbCommandInterceptor
    {
        public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
        {
            signal.Notify();
            return result;
        }

        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            signal.Notify();
            return ValueTask.FromResult(result);
        }
    }

    /// <summary>Queries of the outbox table the dispatcher makes through EF.</summary>
    private sealed class CountingReads : DbCommandInterceptor
    {
        private int _reads;

        public int OutboxReads => Volatile.Read(ref _reads);

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result,
            CancellationToken cancellationToken = default)
        {
            // On PostgreSQL the round also claims its rows (FOR UPDATE SKIP LOCKED): a lock for the rows in hand, not a read of the queue.
            if (command.CommandText.Contains("FROM \"Outbox\"", StringComparison.Ordinal) && !command.CommandText.Contains("FOR UPDATE", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _reads);
            }

            return ValueTask.FromResult(result);
        }
    }

    private sealed class ReadingContexts(DbContextOptions<IntakeDbContext> options) : IDbContextFactory<IntakeDbContext>
    {
        public IntakeDbContext CreateDbContext() => new(options);
    }

    /// <summary>
    /// Time stands still until someone waits; a wait moves it on by the wait and ends at once. A millisecond more, as real
    /// timers fire late: Task.Delay rounds a wait down to whole milliseconds, and a token a fraction short would never come.
    /// </summary>
    private sealed class SteppingClock : TimeProvider
    {
        private readonly DateTimeOffset _start = System.GetUtcNow();
        private long _ticks;
        private int _waits;

        public int Waits => Volatile.Read(ref _waits);

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public override DateTimeOffset GetUtcNow() => _start + TimeSpan.FromTicks(GetTimestamp());

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref _waits);
            Interlocked.Add(ref _ticks, Math.Max(0, dueTime.Ticks) + TimeSpan.TicksPerMillisecond);
            ThreadPool.QueueUserWorkItem(_ => callback(state));
            return new Elapsed();
        }

        private sealed class Elapsed : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => false;

            public void Dispose()
            {
            }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
