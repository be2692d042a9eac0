using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChatIntake.Benchmarks;

/// <summary>
/// The intake benchmark and the two peer harnesses (grammY, Bot Framework JS) back to back, each in its own process,
/// so their figures share one stretch of a machine whose load moves. Rounds rotate the order, so no contender always
/// runs first or last; the medians of the per-round ratios are the result.
/// </summary>
internal static class PeerComparison
{
    // The peers' lines are passed on as they came ("grammy 1.46.0 + …"), not with "+" escaped.
    private static readonly JsonSerializerOptions Output = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly string[] Contenders = ["grammy", "botbuilder", "chatintake"];

    /// <param name="warmup">Unmeasured citizens every contender runs first; null keeps each one's default (the peers none, ours 4,000).</param>
    public static async Task<int> RunAsync(int users, int rounds, string? peersFolder, int? warmup, CancellationToken cancellationToken)
    {
        var peers = peersFolder ?? FindPeers();
        if (peers is null || !File.Exists(Path.Combine(peers, "grammy-intake.js")) || !Directory.Exists(Path.Combine(peers, "node_modules")))
        {
            await Console.Error.WriteLineAsync(
                $"No peer harnesses with their packages in {peers ?? "shared/peers above the repository"}: copy the peers folder somewhere writable, run `npm ci` there, and pass --peers FOLDER.");
            return 2;
        }

        var results = new List<Dictionary<string, JsonObject>>();
        for (var round = 0; round < rounds; round++)
        {
            var figures = new Dictionary<string, JsonObject>(StringComparer.Ordinal);
            foreach (var contender in Contenders.Skip(round % Contenders.Length).Concat(Contenders.Take(round % Contenders.Length)))
            {
                var line = await RunContenderAsync(contender, users, warmup, peers, cancellationToken);
                if (line is null)
                {
                    return 1;
                }

                figures[contender] = line;
                Console.Out.WriteLine(line.ToJsonString(Output));
            }

            results.Add(figures);
            Console.Out.WriteLine(Summary(round + 1, [figures]).ToJsonString(Output));
        }

        if (rounds > 1)
        {
            Console.Out.WriteLine(Summary(null, results).ToJsonString(Output));
        }

        return 0;
    }

    /// <summary>Each figure, and the ratios of ours to each peer; over several rounds, medians (of the per-round ratios, not a ratio of medians).</summary>
    private static JsonObject Summary(int? round, IReadOnlyList<Dictionary<string, JsonObject>> rounds)
    {
        var summary = new JsonObject { [round is null ? "median_of_rounds" : "round"] = round ?? rounds.Count };
        foreach (var contender in Contenders)
        {
            summary[$"{contender}_turns_per_s"] = Median(rounds, r => Number(r[contender], "turns_per_s"));
        }

        summary["vs_grammy"] = Math.Round(Median(rounds, r => Number(r["chatintake"], "turns_per_s") / Number(r["grammy"], "turns_per_s")), 2);
        summary["vs_botbuilder"] = Math.Round(Median(rounds, r => Number(r["chatintake"], "turns_per_s") / Number(r["botbuilder"], "turns_per_s")), 2);
        summary["chatintake_p99_ms"] = Median(rounds, r => Number(r["chatintake"], "p99_ms"));
        summary["chatintake_rss_mb"] = Median(rounds, r => Number(r["chatintake"], "rss_mb"));
        summary["grammy_p99_ms"] = Median(rounds, r => Number(r["grammy"], "p99_ms"));
        summary["botbuilder_p99_ms"] = Median(rounds, r => Number(r["botbuilder"], "p99_ms"));
        return summary;
    }

    private static double Median(IReadOnlyList<Dictionary<string, JsonObject>> rounds, Func<Dictionary<string, JsonObject>, double> figure)
    {
        var values = rounds.Select(figure).Order().ToArray();
        var middle = values.Length / 2;
        return Math.Round(values.Length % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2, 2);
    }

    private static double Number(JsonObject line, string name) => line[name]?.GetValue<double>() ?? double.NaN;

    /// <summary>Runs one contender and returns its JSON line, or null (with the reason on stderr) when it failed.</summary>
    private static async Task<JsonObject?> RunContenderAsync(string contender, int users, int? warmup, string peers, CancellationToken cancellationToken)
    {
        string[] workload = ["--users", users.ToString(CultureInfo.InvariantCulture), .. warmup is { } w ? ["--warmup", w.ToString(CultureInfo.InvariantCulture)] : Array.Empty<string>()];
        var start = contender switch
        {
            "grammy" => new ProcessStartInfo("node", ["grammy-intake.js", .. workload]) { WorkingDirectory = peers },
            "botbuilder" => new ProcessStartInfo("node", ["botbuilder-intake.js", .. workload]) { WorkingDirectory = peers },
            _ => ChildRun.ThisProgram(["intake", .. workload]),
        };
        if (await ChildRun.RunAsync(start, contender, cancellationToken) is not { } figures)
        {
            return null;
        }

        figures["contender"] = contender;
        return figures;
    }

    /// <summary>The peers' folder as the repository's neighbours keep it: <c>shared/peers</c> in a folder above the repository.</summary>
    private static string? FindPeers()
    {
        for (var folder = new DirectoryInfo(BenchHost.FindRepositoryRoot()); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "shared", "peers");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
