using ChatIntake.Channels.Telegram;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatIntake.Tests.Channels.Telegram;

/// <summary>
/// Two instances in polling mode on one PostgreSQL database, against telegram-test-api: one calls getUpdates for the
/// bot, the other stands by and takes over when the first stops. PostgreSQL only: a SQLite file belongs to one process.
/// </summary>
[Trait("Database", "PostgresOnly")]
public sealed class OnePollerTests(TelegramEmulator emulator) : IClassFixture<TelegramEmulator>
{
    private const string Token = "700001:POLLER-token";
    private const string CutToken = "700002:POLLER-token";

    [Fact]
    public async Task Only_one_instance_polls_a_bot_and_the_other_takes_over_and_answers_when_it_stops()
    {
        using var database = new TestDatabaseFile();
        var first = Start(database, Token, out var firstPolls, out var firstLog);
        var second = Start(database, Token, out var secondPolls, out var secondLog);
        try
        {
            _ = first.Server;
            _ = second.Server;
            var bots = new[] { first, second }.Select(h => h.Service<MessengerBots>().Find("telegram")!).ToArray();
            var began = await Task.WhenAny(bots.Select(b => b.Receiving)).WaitAsync(TimeSpan.FromSeconds(30));
            var (poller, pollerPolls, standby, standbyPolls, standbyLog, standbyBot) = began == bots[0].Receiving
                ? (first, firstPolls, second, secondPolls, secondLog, bots[1])
                : (second, secondPolls, first, firstPolls, firstLog, bots[0]);

            // The poller asks again and again; the other instance never asks at all.
            await Eventually.UntilAsync(() => pollerPolls.Count, n => n >= 20, "the polling instance to call getUpdates repeatedly");
            Assert.Equal(0, standbyPolls.Count);
            Assert.False(standbyBot.Receiving.IsCompleted, "the instance standing by must not poll");
            Assert.Contains(standbyLog.Lines, l => l.Contains("another instance is polling for this bot", StringComparison.Ordinal));

            // The poller stops; the other takes the lock within seconds and answers a citizen.
            await poller.DisposeAsync();
            await standbyBot.Receiving.WaitAsync(TimeSpan.FromSeconds(15));
            var citizen = new EmulatedCitizen(standby, emulator.TelegramUrl, Token, "telegram", 41_001, "en");
            await citizen.SaysAsync("/start");
            Assert.NotEmpty(citizen.LastReplies);
            Assert.True(standbyPolls.Count > 0);
        }
        finally
        {
            await second.DisposeAsync();
            await first.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_poller_whose_database_session_is_cut_stops_polling_and_polls_again_once_it_holds_the_lock_anew()
    {
        using var database = new TestDatabaseFile();
        await using var host = Start(database, CutToken, out var polls, out var log);
        _ = host.Server;
        await host.Service<MessengerBots>().Find("telegram")!.Receiving.WaitAsync(TimeSpan.FromSeconds(30));

        // The session holding the bot's lock ends, as when the database restarts or the connection drops.
        var key = PollerElection.LockKey("telegram", CutToken);
        await using (var db = host.CreateDbContext())
        {
            Assert.Equal(1, await db.Database.SqlQuery<int>($"""
                SELECT count(*)::int AS "Value" FROM (SELECT pg_terminate_backend(pid) FROM pg_locks
                WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                AND classid::bigint = {(key >> 32) & 0xFFFFFFFF} AND objid::bigint = {key & 0xFFFFFFFF} AND objsubid = 1) AS ended
                """).SingleAsync());
        }

        await Eventually.UntilAsync(() => log.Lines, lines => lines.Any(l => l.Contains("lost the database session", StringComparison.Ordinal)),
            "the poller to notice that its session ended", TimeSpan.FromSeconds(15), lines => string.Join('\n', lines));
        await Eventually.UntilAsync(() => log.Lines, lines => lines.Count(l => l.Contains("this instance polls for the bot", StringComparison.Ordinal)) >= 2,
            "the instance to hold the lock again", TimeSpan.FromSeconds(15), lines => string.Join('\n', lines));
        var citizen = new EmulatedCitizen(host, emulator.TelegramUrl, CutToken, "telegram", 41_002, "en");
        await citizen.SaysAsync("/start");
        Assert.NotEmpty(citizen.LastReplies);
        Assert.True(polls.Count > 0);
    }

    private BotApplicationFactory Start(TestDatabaseFile database, string token, out PollCount polls, out CapturingLoggerProvider log)
    {
        var counted = polls = new PollCount();
        var captured = log = new CapturingLoggerProvider();
        return new BotApplicationFactory(database.Path, new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = token,
            ["Telegram:ApiBaseUrl"] = emulator.TelegramUrl,
            ["Telegram:Mode"] = "Polling",
            ["Telegram:IdlePause"] = "00:00:00.020",
            ["Telegram:PollTimeout"] = "00:00:00",
        }, services =>
        {
            services.AddHttpClient(MessengerBots.HttpClientName).AddHttpMessageHandler(() => new CountingHandler(counted));
            services.AddSingleton<ILoggerProvider>(captured);
            services.AddLogging(logging => logging.AddFilter<CapturingLoggerProvider>(typeof(PollerElection).FullName, LogLevel.Information));
        });
    }

    /// <summary>How many getUpdates calls one instance made.</summary>
    private sealed class PollCount
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Add() => Interlocked.Increment(ref _count);
    }

    private sealed class CountingHandler(PollCount polls) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri?.AbsolutePath.EndsWith("/getUpdates", StringComparison.Ordinal) == true)
            {
                polls.Add();
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
