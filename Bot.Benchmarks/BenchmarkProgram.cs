using System.Globalization;

namespace ChatIntake.Benchmarks;

/// <summary>
/// A named class rather than top-level statements: Bot exposes a public <c>Program</c> for WebApplicationFactory,
/// and a second one here would clash with it.
/// </summary>
internal static class BenchmarkProgram
{
    private const string Usage = """
        usage:
          Bot.Benchmarks intake [--users N] [--warmup W] [--postgres CS] [--instances K]
                                                             N > 0 (default 2000); W ≥ 0 unmeasured citizens first (default 4000); on a new database
                                                             on the PostgreSQL server CS names (dropped at the end) with K = 1 or 2 instances sharing it
          Bot.Benchmarks intake-providers [--users N] [--warmup W] --postgres CS
                                                             intake on SQLite, PostgreSQL ×1 and PostgreSQL ×2 back to back, with their ratios
          Bot.Benchmarks compare [--users N] [--rounds R] [--peers DIR] [--warmup W]
                                                     intake against grammY and Bot Framework JS back to back, R rounds (default 3), ratios and their medians;
                                                     W unmeasured citizens first for every contender (default: the peers none, ours 4000)
          Bot.Benchmarks seed [--tickets N] [--years Y] [--db PATH]   N > 0 (default 1000000); Y 1–20 (default 4); PATH a new file (default chatintake-seed.db)
          Bot.Benchmarks queue [--db PATH] [--repeats R] [--views A,B]   the queue's views and the dashboard through HTTP on the real host; R ≥ 5 (default 30); only the named views when given
          Bot.Benchmarks export [--db PATH] [--repeats R]    the whole queue as CSV through HTTP, R times (1–20, default 3): rows/s, CPU per row, the host's memory
          Bot.Benchmarks drain [--messages N] [--burst B] [--burst-chats C] [--speed S]
                                                             notices to N chats (default 10000), then B (default 1000) to C chats (default 50),
                                                             through a stand-in Bot API at Telegram's limits times S (default 1; 10 runs ten times faster)
        """;

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || !TryOptions(args.AsSpan(1), out var options))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        switch (args[0])
        {
            case "intake" when Number(options, "users", 2000, 1) is { } users && Number(options, "warmup", 4000, 0) is { } warmup &&
                               Number(options, "instances", 1, 1, options.ContainsKey("postgres") ? 2 : 1) is { } instances &&
                               Only(options, "users", "warmup", "postgres", "instances"):
                return await IntakeBenchmark.RunAsync(users, warmup, options.GetValueOrDefault("postgres"), instances);
            case "intake-providers" when Number(options, "users", 2000, 1) is { } users && Number(options, "warmup", 4000, 0) is { } warmup &&
                                         options.TryGetValue("postgres", out var server) && Only(options, "users", "warmup", "postgres"):
                return await ProviderComparison.RunAsync(users, warmup, server, CancellationToken.None);
            case "compare" when Number(options, "users", 2000, 1) is { } users && Number(options, "rounds", 3, 1, 15) is { } rounds &&
                                (!options.ContainsKey("warmup") || Number(options, "warmup", 0, 0) is not null) && Only(options, "users", "rounds", "peers", "warmup"):
                return await PeerComparison.RunAsync(users, rounds, options.GetValueOrDefault("peers"),
                    options.ContainsKey("warmup") ? Number(options, "warmup", 0, 0) : null, CancellationToken.None);
            case "seed" when Number(options, "tickets", 1_000_000, 1) is { } tickets && Number(options, "years", 4, 1, 20) is { } years && Only(options, "tickets", "years", "db"):
                return await HistorySeed.RunAsync(tickets, years, options.GetValueOrDefault("db") ?? "chatintake-seed.db", CancellationToken.None);
            case "queue" when Number(options, "repeats", 30, 5) is { } repeats && Only(options, "db", "repeats", "views"):
                return await QueueBenchmark.RunQueueAsync(options.GetValueOrDefault("db") ?? "chatintake-seed.db", repeats,
                    options.TryGetValue("views", out var views) ? [.. views.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)] : null, CancellationToken.None);
            case "export" when Number(options, "repeats", 3, 1, 20) is { } repeats && Only(options, "db", "repeats"):
                return await QueueBenchmark.RunExportAsync(options.GetValueOrDefault("db") ?? "chatintake-seed.db", repeats, CancellationToken.None);
            case "drain" when Number(options, "messages", 10_000, 1) is { } messages && Number(options, "burst", 1000, 1) is { } burst &&
                              Number(options, "burst-chats", 50, 1) is { } burstChats && Number(options, "speed", 1, 1, 100) is { } speed &&
                              Only(options, "messages", "burst", "burst-chats", "speed"):
                return await DrainBenchmark.RunAsync(messages, burst, burstChats, speed);
            default:
                await Console.Error.WriteLineAsync(Usage);
                return 2;
        }
    }

    /// <summary>"--name value" pairs; false when one has no value or is repeated.</summary>
    private static bool TryOptions(ReadOnlySpan<string> args, out Dictionary<string, string> options)
    {
        options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length || !options.TryAdd(args[i][2..], args[i + 1]))
            {
                return false;
            }
        }

        return true;
    }

    private static int? Number(Dictionary<string, string> options, string name, int fallback, int min, int max = int.MaxValue)
    {
        if (!options.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max ? value : null;
    }

    private static bool Only(Dictionary<string, string> options, params string[] names) => options.Keys.All(names.Contains);
}
