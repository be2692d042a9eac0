using System.Text;
using System.Text.Json;

namespace ChatIntake.Benchmarks;

/// <summary>The one line the intake benchmark prints; field names are what scripts comparing runs read.</summary>
internal sealed class IntakeReport
{
    public required int Users { get; init; }

    public required int WarmupUsers { get; init; }

    public required int Turns { get; init; }

    public required double Seconds { get; init; }

    public required IReadOnlyList<double> LatenciesMs { get; init; }

    public required int Tickets { get; init; }

    public required double RssMb { get; init; }

    /// <summary>Set when the run hit its time limit; the figures then cover only what was reached.</summary>
    public bool TimedOut { get; init; }

    public string ToJson()
    {
        var sorted = LatenciesMs.Order().ToArray();
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("users", Users);
            json.WriteNumber("turns", Turns);
            json.WriteNumber("seconds", Math.Round(Seconds, 3));
            json.WriteNumber("turns_per_s", Math.Round(Rate(Turns), 1));
            json.WriteNumber("tickets_per_s", Math.Round(Rate(Tickets), 1));
            json.WriteNumber("p50_ms", Math.Round(Percentile(sorted, 50), 2));
            json.WriteNumber("p95_ms", Math.Round(Percentile(sorted, 95), 2));
            json.WriteNumber("p99_ms", Math.Round(Percentile(sorted, 99), 2));
            json.WriteNumber("tickets", Tickets);
            json.WriteNumber("rss_mb", Math.Round(RssMb, 1));
            json.WriteNumber("warmup_users", WarmupUsers);
            if (TimedOut)
            {
                json.WriteBoolean("timed_out", true);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private double Rate(int count) => Seconds > 0 ? count / Seconds : 0;

    /// <summary>Nearest rank: always a latency that was actually observed, never an interpolation between two.</summary>
    private static double Percentile(double[] sorted, double percent)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
