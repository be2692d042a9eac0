using System.Globalization;
using System.Text.Json.Nodes;

namespace ChatIntake.Benchmarks;

/// <summary>
/// The intake benchmark on SQLite, on PostgreSQL with one instance and with two instances on one database, back to back,
/// each in its own process (peak memory and start-up are per process), so the three share one stretch of a machine whose
/// load moves. The last line gives PostgreSQL's throughput as a share of SQLite's, and the three p99s.
/// </summary>
internal static class ProviderComparison
{
    public static async Task<int> RunAsync(int users, int warmupUsers, string postgresServer, CancellationToken cancellationToken)
    {
        var common = new[] { "intake", "--users", users.ToString(CultureInfo.InvariantCulture), "--warmup", warmupUsers.ToString(CultureInfo.InvariantCulture) };
        var runs = new (string Label, string[] Arguments)[]
        {
            ("sqlite", common),
            ("pg1", [.. common, "--postgres", postgresServer, "--instances", "1"]),
            ("pg2", [.. common, "--postgres", postgresServer, "--instances", "2"]),
        };

        var loadBefore = RealHost.LoadAverage();
        var figures = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var (label, arguments) in runs)
        {
            // A failed run is reported and the others still run: a PostgreSQL failure should not hide SQLite's figures.
            if (await ChildRun.RunAsync(ChildRun.ThisProgram(arguments), label, cancellationToken) is { } line)
            {
                figures[label] = line;
                Console.Out.WriteLine(line.ToJsonString());
            }
        }

        if (figures.Count < runs.Length)
        {
            return 1;
        }

        var summary = new JsonObject { ["summary"] = "providers" };
        foreach (var (label, _) in runs)
        {
            summary[$"{label}_turns_per_s"] = Number(figures[label], "turns_per_s");
        }

        summary["pg1_vs_sqlite"] = Math.Round(Number(figures["pg1"], "turns_per_s") / Number(figures["sqlite"], "turns_per_s"), 2);
        summary["pg2_vs_sqlite"] = Math.Round(Number(figures["pg2"], "turns_per_s") / Number(figures["sqlite"], "turns_per_s"), 2);
        foreach (var (label, _) in runs)
        {
            summary[$"{label}_p99_ms"] = Number(figures[label], "p99_ms");
        }

        // Processor time per turn moves less with the machine's load than turns/s does.
        foreach (var (label, _) in runs)
        {
            summary[$"{label}_cpu_ms_per_turn"] = Number(figures[label], "cpu_ms_per_turn");
        }

        summary["load_average_before"] = loadBefore;
        summary["load_average_after"] = RealHost.LoadAverage();
        Console.Out.WriteLine(summary.ToJsonString());
        return 0;
    }

    private static double Number(JsonObject line, string name) => line[name]?.GetValue<double>() ?? double.NaN;
}
