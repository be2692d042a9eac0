using System.Globalization;

namespace ChatIntake.Benchmarks;

/// <summary>
/// A named class rather than top-level statements: Bot exposes a public <c>Program</c> for WebApplicationFactory,
/// and a second one here would clash with it.
/// </summary>
internal static class BenchmarkProgram
{
    private const string Usage = "usage: Bot.Benchmarks intake [--users N] [--warmup W]   (N > 0, default 2000; W ≥ 0 unmeasured citizens first, default 4000)";

    public static async Task<int> Main(string[] args)
    {
        if (!TryParse(args, out var users, out var warmup))
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        return await IntakeBenchmark.RunAsync(users, warmup);
    }

    private static bool TryParse(string[] args, out int users, out int warmup)
    {
        users = 2000;
        warmup = 4000;
        if (args.Length == 0 || args[0] != "intake")
        {
            return false;
        }

        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] == "--users" && i + 1 < args.Length &&
                int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out users) && users > 0)
            {
                i++;
                continue;
            }

            if (args[i] == "--warmup" && i + 1 < args.Length &&
                int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out warmup))
            {
                i++;
                continue;
            }

            return false;
        }

        return true;
    }
}
