using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using ChatIntake.Conversations;
using ChatIntake.Data;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;
using ChatIntake.Outbox;
using ChatIntake.Tickets;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Activity = ChatIntake.Dialogs.Engine.Activity;

namespace ChatIntake.Benchmarks;

/// <summary>
/// Many citizens each file one report through the real pipeline: inbox commit, ordered turn, dialog, ticket and
/// replies committed to the outbox. A turn's latency runs from handing the update to the inbox until the commit
/// that completes its turn; each citizen sends the next message only after that, as a person waiting for the answer would.
/// </summary>
internal sealed class IntakeBenchmark
{
    /// <summary>Turns in flight at once, across different citizens; about one full commit group of the turn processor.</summary>
    private const int TurnsInFlight = 64;

    private const int DescriptionLength = 120;

    // Inside the service area (35.66..35.74 × 51.34..51.46) with a margin, so every point lands in a district.
    private const double SouthLatitude = 35.665, NorthLatitude = 35.735, WestLongitude = 51.345, EastLongitude = 51.455;

    private static readonly TimeSpan TimeLimit = TimeSpan.FromMinutes(10);

    /// <summary>The window after the first update in which the cold service's throughput is counted.</summary>
    private static readonly TimeSpan ColdWindow = TimeSpan.FromSeconds(10);
    private static readonly CultureInfo English = IntakeCultures.English;

    private readonly IReadOnlyList<Inbox> _inboxes;
    private readonly CommitWatcher _commits;
    private readonly IDbContextFactory<IntakeDbContext> _contexts;
    private readonly IReadOnlyList<string> _categoryTitles;
    private readonly List<double>[] _latencies;
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly int _gridSize;
    private long _firstUpdateAt;
    private long _lastUpdateId;
    private long _lastCommitAt;
    private int _turnsInColdWindow;

    private int WarmupCount { get; init; }

    public required BenchChannel Channel { get; init; }

    private IntakeBenchmark(int users, int warmupUsers, IReadOnlyList<Inbox> inboxes, CommitWatcher commits, IDbContextFactory<IntakeDbContext> contexts, IReadOnlyList<string> categoryTitles)
    {
        _inboxes = inboxes;
        _commits = commits;
        _contexts = contexts;
        _categoryTitles = categoryTitles;
        _latencies = [.. Enumerable.Range(0, users + warmupUsers).Select(_ => new List<double>(8))];

        // At least 50 × 50 cells: about 160 m × 200 m apart, well beyond the 50 m duplicate radius. Warm-up citizens
        // report from the middle of the cells, so they never sit within the radius of a measured one.
        _gridSize = Math.Max(50, (int)Math.Ceiling(Math.Sqrt(Math.Max(users, warmupUsers))));
    }

    /// <summary>
    /// On SQLite, or on a new database on the PostgreSQL server <paramref name="postgresServer"/> names with
    /// <paramref name="instances"/> hosts sharing it; the database is removed at the end either way.
    /// </summary>
    public static async Task<int> RunAsync(int users, int warmupUsers, string? postgresServer, int instances)
    {
        var processStart = ProcessStartTimestamp();
        using var limit = new CancellationTokenSource(TimeLimit);
        // Ctrl+C ends the run as a timed-out one, so the database is still removed.
        ConsoleCancelEventHandler interrupt = (_, e) =>
        {
            e.Cancel = true;
            limit.Cancel();
        };
        Console.CancelKeyPress += interrupt;
        await using var database = postgresServer is null ? BenchDatabase.Sqlite() : await BenchDatabase.PostgresAsync(postgresServer, limit.Token);
        var apps = new List<WebApplication>(instances);
        try
        {
            var channel = new BenchChannel();
            // One after another: the first migrates and seeds the new database; each holds the start-up lock until it has started.
            for (var i = 0; i < instances; i++)
            {
                apps.Add(BenchHost.Build(database.Settings(i + 1), channel));
                await apps[i].StartAsync(limit.Token);
            }

            var hostReady = Stopwatch.GetTimestamp();
            var app = apps[0];
            var contexts = app.Services.GetRequiredService<IDbContextFactory<IntakeDbContext>>();
            var commits = new CommitWatcher();
            // Inbox ids are the database's, so one watcher hears every instance's commits.
            var processors = apps.Select(a => a.Services.GetRequiredService<TurnProcessor>()).ToList();
            processors.ForEach(p => p.TurnsCommitted += commits.OnCommitted);
            var turnsByInstance = new int[instances]; // both instances really turned, warm-up and measured part together
            for (var i = 0; i < instances; i++)
            {
                var instance = i;
                processors[i].TurnsCommitted += ids => Interlocked.Add(ref turnsByInstance[instance], ids.Count);
            }

            // Categories that need a photo would refuse "Skip"; "Other" is left out as the brief's catch-all.
            var titles = app.Services.GetRequiredService<CategoryCatalog>().All
                .Where(c => !c.PhotoRequired && c.Code != "other")
                .Select(c => c.Name(English))
                .ToList();
            var inboxes = apps.Select(a => a.Services.GetRequiredService<Inbox>()).ToList();
            var benchmark = new IntakeBenchmark(users, warmupUsers, inboxes, commits, contexts, titles) { WarmupCount = warmupUsers, Channel = channel };

            // Warm-up, not measured: the JIT's tiers, EF's query cache and the connection pool settle, as in a service that has been up a while.
            var timedOut = false;
            try
            {
                await benchmark.RunCitizensAsync(users, warmupUsers, limit.Token);
            }
            catch (OperationCanceledException) when (limit.IsCancellationRequested)
            {
                timedOut = true;
            }

            int warmupTickets, warmupMessages;
            await using (var db = await contexts.CreateDbContextAsync(CancellationToken.None))
            {
                warmupTickets = await db.Tickets.CountAsync(CancellationToken.None);
                warmupMessages = await db.Outbox.CountAsync(CancellationToken.None);
            }

            var pauseBefore = GC.GetTotalPauseDuration();
            var marks = apps.Select(a => a.Services.GetRequiredService<DeliveryMarks>()).ToList();
            var (marksWithTurnsBefore, marksAloneBefore) = (marks.Sum(m => m.WrittenWithTurns), marks.Sum(m => m.WrittenAlone));
            var allocatedBefore = GC.GetTotalAllocatedBytes();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var ioBefore = ProcessIo.Read();
            await Console.Error.WriteLineAsync($"intake: {warmupUsers} warm-up citizens done, measuring {users}"); // a profiler attached now sees only the measured part
            var clock = Stopwatch.StartNew();
            try
            {
                if (!timedOut)
                {
                    await benchmark.RunCitizensAsync(0, users, limit.Token);
                }
            }
            catch (OperationCanceledException) when (limit.IsCancellationRequested)
            {
                timedOut = true;
            }

            clock.Stop();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
            var io = ProcessIo.Read() is { } ioAfter && ioBefore is not null ? ioAfter - ioBefore : null;
            var gcPause = GC.GetTotalPauseDuration() - pauseBefore;
            processors.ForEach(p => p.TurnsCommitted -= commits.OnCommitted);

            int tickets, messages;
            await using (var db = await contexts.CreateDbContextAsync(CancellationToken.None))
            {
                tickets = await db.Tickets.CountAsync(CancellationToken.None) - warmupTickets;
                // Every message a citizen is sent is one outbox row, written in its turn's commit (the pipeline makes no edits).
                messages = await db.Outbox.CountAsync(CancellationToken.None) - warmupMessages;
            }

            using var process = Process.GetCurrentProcess();
            var report = new IntakeReport
            {
                Provider = database.Provider,
                Instances = instances,
                TurnsByInstance = instances > 1 ? [.. turnsByInstance] : [],
                Users = users,
                WarmupUsers = warmupUsers,
                Turns = benchmark._latencies.Take(users).Sum(l => l.Count),
                Seconds = clock.Elapsed.TotalSeconds,
                LatenciesMs = [.. benchmark._latencies.Take(users).SelectMany(l => l)],
                LatenciesByStepMs = [.. Enumerable.Range(0, benchmark._latencies.Take(users).Max(l => l.Count))
                    .Select(step => (IReadOnlyList<double>)[.. benchmark._latencies.Take(users).Where(l => l.Count > step).Select(l => l[step])])],
                Tickets = tickets,
                Messages = messages,
                RssMb = process.PeakWorkingSet64 / 1048576d,
                GcCommittedMb = GC.GetGCMemoryInfo().TotalCommittedBytes / 1048576d,
                HostReadyMs = Stopwatch.GetElapsedTime(processStart, hostReady).TotalMilliseconds,
                RuntimeSettings = RuntimeSettings(),
                FirstReplyMs = channel.FirstSendAt is { } firstSend ? Stopwatch.GetElapsedTime(processStart, firstSend).TotalMilliseconds : null,
                ColdTurnsPerSecond = benchmark.ColdTurnsPerSecond(),
                CpuSeconds = cpu.TotalSeconds,
                AllocatedBytes = allocated,
                Io = io,
                GcPauseSeconds = gcPause.TotalSeconds,
                DeliveryMarksWithTurns = marks.Sum(m => m.WrittenWithTurns) - marksWithTurnsBefore,
                DeliveryMarksAlone = marks.Sum(m => m.WrittenAlone) - marksAloneBefore,
                TimedOut = timedOut,
            };

            if (tickets != users)
            {
                await benchmark.ExplainMissingTicketsAsync();
            }

            Console.Out.WriteLine(report.ToJson());
            return timedOut || tickets != users ? 1 : 0;
        }
        finally
        {
            Console.CancelKeyPress -= interrupt;
            // Stopped before the database goes: a host still running would hold sessions on it, or the SQLite file open.
            foreach (var app in Enumerable.Reverse(apps))
            {
                await app.StopAsync(CancellationToken.None);
                await app.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The citizens' turns in the peers' order (<c>../shared/peers/common.js</c>, <c>runWorkload</c>): every citizen's
    /// first input, then every citizen's second, and so on, with <see cref="TurnsInFlight"/> workers each sending the next
    /// turn when its last one is committed, never two of one citizen at once. A turn is made only when a worker takes
    /// it: a task waiting for each citizen (thousands of them, each holding its next update) outlived several collections
    /// and was the harness's weight, not the product's.
    /// </summary>
    private async Task RunCitizensAsync(int firstUser, int count, CancellationToken cancellationToken)
    {
        var total = (long)count * InputCount;
        var previous = new Task?[count];
        var failed = new bool[count];
        var order = new Lock();
        long next = -1;

        async Task WorkAsync()
        {
            while (true)
            {
                // A turn is taken and made its citizen's latest in one step: with fewer citizens than turns in flight, a
                // worker could otherwise read the turn before the one another worker has just taken, and send out of order.
                int step, cell;
                Task? earlier;
                var done = new TaskCompletionSource();
                lock (order)
                {
                    if (++next >= total)
                    {
                        return;
                    }

                    (step, cell) = ((int)(next / count), (int)(next % count));
                    earlier = previous[cell];
                    previous[cell] = done.Task;
                }

                try
                {
                    if (earlier is not null)
                    {
                        await earlier;
                    }

                    if (!failed[cell])
                    {
                        await InputAsync(firstUser + cell, step, failed, cell, cancellationToken);
                    }
                }
                finally
                {
                    done.SetResult();
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, (int)Math.Min(TurnsInFlight, total)).Select(_ => Task.Run(WorkAsync, cancellationToken)));

        // The grid keeps reports apart, so the duplicate offer should never come; if it does, answer it as a citizen would.
        for (var cell = 0; cell < count; cell++)
        {
            if (!failed[cell])
            {
                await AnswerDuplicateOfferAsync(firstUser + cell, cancellationToken);
            }
        }
    }

    /// <summary>What every citizen sends, in order: the intake from /start to the confirmation.</summary>
    private const int InputCount = 7;

    private Activity Input(int step, int user) => step switch
    {
        0 => Text("/start"),
        1 => Text(TextCatalog.Default.Get("menu.new", English)),
        2 => Text(_categoryTitles[user % _categoryTitles.Count]),
        3 => new Activity { Location = Location(user) },
        4 => Text(Description(user)),
        5 => Text(TextCatalog.Default.Get("report.photo.skip", English)),
        6 => Text(TextCatalog.Default.Get("report.summary.confirm", English)),
        _ => throw new ArgumentOutOfRangeException(nameof(step)),
    };

    private async Task InputAsync(int user, int step, bool[] failed, int cell, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(user, step, Input(step, user), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            failed[cell] = true;
            _failures.Enqueue($"{ChatId(user)}: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private async Task AnswerDuplicateOfferAsync(int user, CancellationToken cancellationToken)
    {
        var chatId = ChatId(user);
        try
        {
            if (await Channel.WasOfferedDuplicateAsync(chatId, cancellationToken).WaitAsync(OutcomeWait, cancellationToken))
            {
                Channel.Forget(chatId);
                await SendAsync(user, InputCount, Text(TextCatalog.Default.Get("report.duplicate.different", English)), cancellationToken);
                if (await Channel.WasOfferedDuplicateAsync(chatId, cancellationToken).WaitAsync(OutcomeWait, cancellationToken))
                {
                    _failures.Enqueue($"{chatId}: offered a duplicate again after \"Mine is different\"");
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _failures.Enqueue($"{chatId}: {ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>
    /// How long a citizen whose confirmation is committed waits to be told "registered" or offered a duplicate: the
    /// outbox delivers within milliseconds, so a citizen told anything else (a dialog gone wrong) is reported as failed
    /// rather than holding the run to its time limit.
    /// </summary>
    private static readonly TimeSpan OutcomeWait = TimeSpan.FromSeconds(30);

    private static string ChatId(int user) => $"u{user.ToString(CultureInfo.InvariantCulture)}"; // warm-up citizens are numbered after the measured ones

    /// <summary>
    /// One update of the citizen's, as a messenger would deliver it: numbered in the order sent, as Telegram numbers a
    /// bot's updates, and each successive one to the instances in turn, as a load balancer without stickiness would.
    /// </summary>
    private Task SendAsync(int user, int step, Activity activity, CancellationToken cancellationToken)
    {
        var chatId = ChatId(user);
        var inbox = _inboxes[(user + step) % _inboxes.Count];
        var update = Interlocked.Increment(ref _lastUpdateId).ToString(CultureInfo.InvariantCulture);
        return TurnAsync(user, inbox, new InboundUpdate(BenchChannel.ChannelName, update, chatId, activity with { From = new ChannelAccount(chatId, "User", "en") }), cancellationToken);
    }

    private async Task TurnAsync(int user, Inbox inbox, InboundUpdate update, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        Interlocked.CompareExchange(ref _firstUpdateAt, started, 0);
        var inboxId = await inbox.AcceptWithIdAsync(update, cancellationToken)
            ?? throw new InvalidOperationException($"Update {update.UpdateId} was taken for a redelivery; update ids must be unique.");
        var committedAt = await _commits.WaitAsync(inboxId, cancellationToken);
        _latencies[user].Add(Stopwatch.GetElapsedTime(started, committedAt).TotalMilliseconds);
        if (Stopwatch.GetElapsedTime(Interlocked.Read(ref _firstUpdateAt), committedAt) <= ColdWindow)
        {
            Interlocked.Increment(ref _turnsInColdWindow);
            InterlockedMax(ref _lastCommitAt, committedAt);
        }
    }

    /// <summary>Turns committed in the first 10 s after the first update, per second (over less when everything was done sooner).</summary>
    private double ColdTurnsPerSecond()
    {
        var window = Math.Min(ColdWindow.TotalSeconds, Stopwatch.GetElapsedTime(_firstUpdateAt, _lastCommitAt).TotalSeconds);
        return window > 0 ? _turnsInColdWindow / window : 0;
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
        {
            current = seen;
        }
    }

    /// <summary>The moment the operating system started this process, as a Stopwatch timestamp (the runtime's own start-up included).</summary>
    private static long ProcessStartTimestamp()
    {
        using var process = Process.GetCurrentProcess();
        var sinceStart = TimeProvider.System.GetUtcNow() - process.StartTime.ToUniversalTime();
        return Stopwatch.GetTimestamp() - (long)(sinceStart.TotalSeconds * Stopwatch.Frequency);
    }

    private GeoPoint Location(int user)
    {
        var warmup = user >= _latencies.Length - WarmupCount;
        var cell = warmup ? user - (_latencies.Length - WarmupCount) : user;
        var row = cell / _gridSize % _gridSize;
        var column = cell % _gridSize;
        var step = 1d / (_gridSize - 1);
        var shift = warmup ? 0.5 : 0; // half a cell: about 80 m from any measured citizen
        return new GeoPoint(
            SouthLatitude + (Math.Min(row + shift, _gridSize - 1) * step * (NorthLatitude - SouthLatitude)),
            WestLongitude + (Math.Min(column + shift, _gridSize - 1) * step * (EastLongitude - WestLongitude)));
    }

    private static Activity Text(string text) => new() { Text = text };

    /// <summary>Exactly 120 characters of ordinary words, different per citizen, ending on a letter rather than a space.</summary>
    private static string Description(int user)
    {
        const string filler = " The problem has been there for several days and is getting worse, please send someone to look at it soon.";
        var text = string.Create(CultureInfo.InvariantCulture, $"Benchmark report from citizen {user}:") + filler + filler;
        return text[..(DescriptionLength - 1)].TrimEnd().PadRight(DescriptionLength - 1, '.') + ".";
    }

    /// <summary>Tickets are missing: says on stderr what the citizens without one were last told, and which turns failed.</summary>
    private async Task ExplainMissingTicketsAsync()
    {
        foreach (var failure in _failures.Take(5))
        {
            await Console.Error.WriteLineAsync($"failed: {failure}");
        }

        await using var db = await _contexts.CreateDbContextAsync(CancellationToken.None);
        var chats = await db.Citizens.AsNoTracking()
            .Where(c => c.Channel == BenchChannel.ChannelName && !db.Tickets.Any(t => t.CitizenId == c.Id))
            .OrderBy(c => c.Id).Select(c => c.ExternalUserId).Take(3).ToListAsync();
        foreach (var chat in chats)
        {
            var replies = await db.Outbox.AsNoTracking().Where(m => m.ExternalChatId == chat)
                .OrderByDescending(m => m.Id).Take(4).Select(m => m.Payload).ToListAsync();
            foreach (var payload in Enumerable.Reverse(replies))
            {
                await Console.Error.WriteLineAsync($"{chat} was told: {ActivityJson.Deserialize(payload).Text}");
            }
        }

        var errors = await db.Inbox.AsNoTracking().Where(m => m.Error != null).OrderBy(m => m.Id)
            .Select(m => m.ExternalChatId + ": " + m.Error).Take(5).ToListAsync();
        foreach (var error in errors)
        {
            await Console.Error.WriteLineAsync($"turn error: {error}");
        }
    }

    /// <summary>The runtime's settings this process was started with: its <c>DOTNET_</c> variables, less the SDK's own, and the malloc arenas.</summary>
    private static Dictionary<string, string> RuntimeSettings()
    {
        string[] sdk = ["DOTNET_CLI_", "DOTNET_NOLOGO", "DOTNET_GENERATE_ASPNET_CERTIFICATE", "DOTNET_SKIP_FIRST_TIME_EXPERIENCE", "DOTNET_ROOT", "DOTNET_HOST_PATH"];
        return Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => ServiceRuntimeSettings.IsRuntimeSetting(k) && !sdk.Any(p => k.StartsWith(p, StringComparison.Ordinal)))
            .ToDictionary(k => k, k => Environment.GetEnvironmentVariable(k) ?? string.Empty, StringComparer.Ordinal);
    }
}
