using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using ChatIntake.Conversations;
using ChatIntake.Data;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;
using ChatIntake.Outbox;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatIntake.Benchmarks;

/// <summary>
/// The outbox drained at Telegram's limits: waves of status notices (one to each of many chats, then a burst of many to a
/// few chats) staged in the Notice lane as the ticket workflow stages them, delivered by the real dispatcher and Telegram
/// channel to a stand-in Bot API that answers 429 beyond about 30 a second per bot and 1 a second per chat. Meanwhile
/// citizens file reports through getUpdates, and each of their inputs is timed from the moment it reached the stand-in
/// until the bot's answer did.
/// </summary>
internal sealed class DrainBenchmark
{
    private const double PerBotPerSecond = 30, PerChatPerSecond = 1;

    /// <summary>
    /// Telegram's per-bot bucket as the stand-in keeps it: a second's worth (so it grows with <c>--speed</c>, as the rate
    /// does; a fixed 30 at ten times the rate turned the product's quarter-second burst into 429s); per chat a short burst of three.
    /// </summary>
    private const double PerBotBurstSeconds = 1;

    private const int PerChatBurst = 3;

    private const long NoticeChats = 1_000_000, BurstChats = 2_000_000, CitizenChats = 3_000_000;
    private const string Channel = "telegram";
    private static readonly CultureInfo English = IntakeCultures.English;

    private readonly BotApiStandIn _api;
    private readonly IServiceProvider _services;
    private readonly double _speed;
    private readonly ConcurrentBag<double> _interactiveMs = [];
    private readonly ConcurrentDictionary<int, ConcurrentBag<double>> _byStep = new();
    private int _citizens;

    private DrainBenchmark(BotApiStandIn api, IServiceProvider services, double speed)
    {
        _api = api;
        _services = services;
        _speed = speed;
    }

    public static async Task<int> RunAsync(int messages, int burstMessages, int burstChats, double speed)
    {
        var databaseFile = Path.Combine(Path.GetTempPath(), $"chatintake-drain-{Guid.NewGuid():N}.db");
        try
        {
            await using var api = await BotApiStandIn.StartAsync(PerBotPerSecond * speed, BotBurst(speed), PerChatPerSecond * speed, PerChatBurst);
            await using var app = BenchHost.BuildWithTelegram(databaseFile, api.BaseUrl, BotApiStandIn.Token, new Dictionary<string, string?>
            {
                ["Outbox:GlobalPerSecond"] = (PerBotPerSecond * speed).ToString(CultureInfo.InvariantCulture),
                ["Outbox:PerChatPerSecond"] = (PerChatPerSecond * speed).ToString(CultureInfo.InvariantCulture),
                // The product's own burst (the intake benchmark's host lifts it), so what is measured is what runs.
                ["Outbox:PerChatBurst"] = new OutboxOptions().PerChatBurst.ToString(CultureInfo.InvariantCulture),
            });
            await app.StartAsync();
            var connected = Task.Run(async () =>
            {
                while (!api.IsPolled)
                {
                    await Task.Delay(50);
                }
            });
            if (await Task.WhenAny(connected, Task.Delay(TimeSpan.FromMinutes(1))) != connected)
            {
                await Console.Error.WriteLineAsync("the bot never polled the stand-in Bot API");
                return 1;
            }

            var benchmark = new DrainBenchmark(api, app.Services, speed);
            var cpuBefore = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            var waves = new List<DrainReport.Wave>
            {
                await benchmark.WaveAsync("spread", messages, messages, NoticeChats),
                await benchmark.WaveAsync("burst", burstMessages, burstChats, BurstChats),
            };
            var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            var report = new DrainReport
            {
                CpuMilliseconds = cpu.TotalMilliseconds,
                Waves = waves,
                LimitPerSecond = PerBotPerSecond * speed,
                Speed = speed,
                InteractiveMs = [.. benchmark._interactiveMs],
                RateLimited = api.RateLimited,
                LoadAverage = RealHost.LoadAverage(),
            };
            await app.StopAsync();
            foreach (var (step, times) in benchmark._byStep.OrderBy(s => s.Key))
            {
                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"citizens' input {step + 1}: median {times.Order().ElementAt(times.Count / 2):0} ms, slowest {times.Max():0} ms over {times.Count}"));
            }

            Console.Out.WriteLine(report.ToJson());
            return waves.All(w => w.Delivered == w.Messages) ? 0 : 1;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(databaseFile + suffix);
            }
        }
    }

    /// <summary>Stages <paramref name="messages"/> notices over <paramref name="chats"/> chats and times their delivery while citizens talk to the bot.</summary>
    private async Task<DrainReport.Wave> WaveAsync(string name, int messages, int chats, long firstChat)
    {
        var before = _api.RateLimited;
        var start = await StageAsync(name, messages, chats, firstChat);
        using var stop = new CancellationTokenSource();
        var talking = TalkAsync(stop.Token);

        // Generous: three times what the limits allow, plus a minute.
        var limit = TimeSpan.FromSeconds((messages / (PerBotPerSecond * _speed) * 3) + 60);
        var deadline = _api.Now + limit.TotalSeconds;
        var delivered = 0;
        while (_api.Now < deadline)
        {
            delivered = Notices(name).Count;
            if (delivered >= messages)
            {
                break;
            }

            await Task.Delay(100);
        }

        await stop.CancelAsync();
        await talking;
        var notices = Notices(name);
        var end = notices.Count > 0 ? notices.Max(a => a.At) : _api.Now;
        var sends = _api.Arrivals.Count(a => a.At >= start && a.At <= end);
        // Where the time went, for a reader of stderr: notices per five seconds since the wave was staged.
        Console.Error.WriteLine($"{name}: notices per 5 s: " + string.Join(' ', notices.GroupBy(a => (int)((a.At - start) / 5)).OrderBy(g => g.Key).Select(g => g.Count())));
        return new DrainReport.Wave
        {
            Name = name,
            Messages = messages,
            Chats = chats,
            Delivered = notices.Count,
            Sends = sends,
            Seconds = end - start,
            Allowed = Allowed(chats, end - start, sends - notices.Count),
            RateLimited = _api.RateLimited - before,
            OrderViolations = OrderViolations(notices),
        };
    }

    /// <summary>
    /// What the stand-in lets through in <paramref name="seconds"/>: the bot's burst and rate, or, when fewer chats than the
    /// bot's rate wait, each chat's burst and rate (plus the citizens' answers, which go to chats of their own).
    /// </summary>
    private double Allowed(int chats, double seconds, int citizenSends) => Math.Min(
        BotBurst(_speed) + (PerBotPerSecond * _speed * seconds),
        (chats * (PerChatBurst + (PerChatPerSecond * _speed * seconds))) + citizenSends);

    private static int BotBurst(double speed) => (int)Math.Max(1, Math.Floor(PerBotPerSecond * speed * PerBotBurstSeconds));

    /// <summary>Status notices, as the workflow stages them (Notice lane), in one transaction; numbered per chat so their order can be checked.</summary>
    private async Task<double> StageAsync(string wave, int messages, int chats, long firstChat)
    {
        var contexts = _services.GetRequiredService<IDbContextFactory<IntakeDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        var now = _services.GetRequiredService<TimeProvider>().GetUtcNow();
        for (var i = 0; i < messages; i++)
        {
            var chat = firstChat + (i % chats);
            var sequence = (i / chats) + 1;
            var text = string.Create(CultureInfo.InvariantCulture, $"{wave} #{sequence}: the status of your report 7KQM-4XHT changed to In progress. Reply here to add details.");
            db.Outbox.Add(new OutboxMessage
            {
                Channel = Channel,
                ExternalChatId = chat.ToString(CultureInfo.InvariantCulture),
                Payload = ActivityJson.Serialize(Activity.Message(text)),
                State = OutboxState.Pending,
                Lane = OutboxLane.Notice,
                NotBefore = now,
                CreatedAt = now,
            });
        }

        await db.Database.OpenConnectionAsync();
        using (await _services.GetRequiredService<WriteGate>().EnterAsync(CancellationToken.None))
        {
            await db.SaveChangesAsync();
        }

        _services.GetRequiredService<OutboxSignal>().Notify();
        return _api.Now;
    }

    private List<BotApiStandIn.Arrival> Notices(string wave) => [.. _api.Arrivals.Where(a => a.Text.StartsWith(wave + " #", StringComparison.Ordinal))];

    /// <summary>Per chat, each notice must be the one numbered after the last; a gap, a repeat or a swap counts once.</summary>
    private static int OrderViolations(IEnumerable<BotApiStandIn.Arrival> notices)
    {
        var violations = 0;
        foreach (var chat in notices.GroupBy(a => a.ChatId))
        {
            var expected = 1;
            foreach (var arrival in chat.OrderBy(a => a.At))
            {
                var number = int.Parse(arrival.Text.AsSpan(arrival.Text.IndexOf('#') + 1, arrival.Text.IndexOf(':') - arrival.Text.IndexOf('#') - 1), CultureInfo.InvariantCulture);
                if (number != expected)
                {
                    violations++;
                }

                expected = number + 1;
            }
        }

        return violations;
    }

    /// <summary>Citizens one after another, each filing a whole report by typing, until the wave is delivered.</summary>
    private async Task TalkAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var citizen = Interlocked.Increment(ref _citizens);
            var chat = CitizenChats + citizen;
            try
            {
                await FileReportAsync(chat, citizen, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task FileReportAsync(long chat, int citizen, CancellationToken stop)
    {
        string T(string key) => TextCatalog.Default.Get(key, English);
        var inputs = new JsonObject[]
        {
            new() { ["text"] = "/start" },
            new() { ["text"] = T("menu.new") },
            new() { ["text"] = "Street Lighting" },
            new() { ["location"] = Place(citizen) },
            new() { ["text"] = string.Create(CultureInfo.InvariantCulture, $"The street light in front of number {citizen} has been dark for a week.") },
            new() { ["text"] = T("report.photo.skip") },
            new() { ["text"] = T("report.summary.confirm") },
        };
        for (var step = 0; step < inputs.Length; step++)
        {
            var input = inputs[step];
            var answered = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
            _api.Watch(chat, arrival => answered.TrySetResult(arrival.At));
            var sent = _api.Now;
            _api.Enqueue(chat, input);
            double at;
            try
            {
                // A citizen who waited 30 s has given up; the figure would be missing, so the time is noted as 30 s.
                at = await answered.Task.WaitAsync(TimeSpan.FromSeconds(30), stop);
            }
            catch (TimeoutException)
            {
                at = sent + 30;
            }
            finally
            {
                _api.Unwatch(chat);
            }

            _interactiveMs.Add((at - sent) * 1000);
            _byStep.GetOrAdd(step, _ => []).Add((at - sent) * 1000);

            // A person reads the answer and types the next one.
            await Task.Delay(TimeSpan.FromSeconds(1), stop);
        }
    }

    /// <summary>Points inside the service area, about 150 m apart, so no report is offered another as a duplicate.</summary>
    private static JsonObject Place(int citizen) => new()
    {
        ["latitude"] = 35.668 + (citizen % 40 * 0.0015),
        ["longitude"] = 51.348 + (citizen / 40 % 60 * 0.0017),
    };
}
