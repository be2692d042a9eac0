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
          Bot.Benchmarks intake [--users N] [--warmup W]        N > 0 (default 2000); W ≥ 0 unmeasured citizens first (default 4000)
          Bot.Benchmarks seed [--tickets N] [--years Y] [--db PATH]   N > 0 (default 1000000); Y 1–20 (default 4); PATH a new file (default chatintake-seed.db)
          Bot.Benchmarks queue [--db PATH] [--repeats R]     the queue's views and the dashboard through HTTP on the real host; R ≥ 5 (default 30)
          Bot.Benchmarks export [--db PATH]                  the whole queue as CSV through HTTP: rows/s and the host's memory
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
            case "intake" when Number(options, "users", 2000, 1) is { } users && Number(options, "warmup", 4000, 0) is { } warmup && Only(options, "users", "warmup"):
                return await IntakeBenchmark.RunAsync(users, warmup);
            case "seed" when Number(options, "tickets", 1_000_000, 1) is { } tickets && Number(options, "years", 4, 1, 20) is { } years && Only(options, "tickets", "years", "db"):
                return await HistorySeed.RunAsync(tickets, years, options.GetValueOrDefault("db") ?? "chatintake-seed.db", CancellationToken.None);
            case "queue" when Number(options, "repeats", 30, 5) is { } repeats && Only(options, "db", "repeats"):
                return await QueueBenchmark.RunQueueAsync(options.GetValueOrDefault("db") ?? "chatintake-seed.db", repeats, CancellationToken.None);
            case "export" when Only(options, "db"):
                return await QueueBenchmark.RunExportAsync(options.GetValueOrDefault("db") ?? "chatintake-seed.db", CancellationToken.None);
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
