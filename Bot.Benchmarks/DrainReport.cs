using System.Text;
using System.Text.Json;

namespace ChatIntake.Benchmarks;

/// <summary>The one line the drain benchmark prints: the whole run first, then each wave.</summary>
internal sealed class DrainReport
{
    public required IReadOnlyList<Wave> Waves { get; init; }

    /// <summary>The stand-in's sustained per-bot limit (Telegram's 30 a second, times <see cref="Speed"/>).</summary>
    public required double LimitPerSecond { get; init; }

    public required double Speed { get; init; }

    /// <summary>From a citizen's input reaching the stand-in to the bot's answer reaching it, every input of every citizen.</summary>
    public required IReadOnlyList<double> InteractiveMs { get; init; }

    /// <summary>Processor time of the whole process (dispatcher, stand-in, citizens; all threads) while the waves drained.</summary>
    public required double CpuMilliseconds { get; init; }

    /// <summary>429 answers over the whole run, citizens' answers included.</summary>
    public required int RateLimited { get; init; }

    /// <summary>The machine's load when the run ended (1, 5 and 15 minutes): on a shared machine the figures depend on it.</summary>
    public string LoadAverage { get; init; } = "";

    public string ToJson()
    {
        var seconds = Waves.Sum(w => w.Seconds);
        var sends = Waves.Sum(w => w.Sends);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("messages", Waves.Sum(w => w.Messages));
            json.WriteNumber("delivered", Waves.Sum(w => w.Delivered));
            json.WriteNumber("sends", sends);
            json.WriteNumber("seconds", Math.Round(seconds, 2));
            json.WriteNumber("rate_per_s", Math.Round(seconds > 0 ? sends / seconds : 0, 2));
            json.WriteNumber("limit_per_s", LimitPerSecond);
            json.WriteNumber("utilisation", Math.Round(sends / Waves.Sum(w => w.Allowed), 4));
            json.WriteNumber("http_429", RateLimited);
            json.WriteNumber("order_violations", Waves.Sum(w => w.OrderViolations));
            var sorted = InteractiveMs.Order().ToArray();
            json.WriteNumber("interactive_replies", sorted.Length);
            json.WriteNumber("interactive_p50_ms", Math.Round(Percentile(sorted, 50), 1));
            json.WriteNumber("interactive_p99_ms", Math.Round(Percentile(sorted, 99), 1));
            json.WriteNumber("interactive_max_ms", Math.Round(sorted.Length > 0 ? sorted[^1] : 0, 1));
            json.WriteNumber("cpu_ms_per_send", Math.Round(sends > 0 ? CpuMilliseconds / sends : 0, 2));
            json.WriteNumber("speed", Speed);
            json.WriteString("load_average", LoadAverage);
            json.WriteStartArray("waves");
            foreach (var wave in Waves)
            {
                json.WriteStartObject();
                json.WriteString("name", wave.Name);
                json.WriteNumber("messages", wave.Messages);
                json.WriteNumber("chats", wave.Chats);
                json.WriteNumber("delivered", wave.Delivered);
                json.WriteNumber("sends", wave.Sends);
                json.WriteNumber("seconds", Math.Round(wave.Seconds, 2));
                json.WriteNumber("rate_per_s", Math.Round(wave.Seconds > 0 ? wave.Sends / wave.Seconds : 0, 2));
                json.WriteNumber("utilisation", Math.Round(wave.Sends / wave.Allowed, 4));
                json.WriteNumber("http_429", wave.RateLimited);
                json.WriteNumber("order_violations", wave.OrderViolations);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Nearest rank: always a time that was observed.</summary>
    private static double Percentile(double[] sorted, double percent) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>
    /// One wave of notices. <see cref="Sends"/> counts every message the stand-in accepted while the wave drained (the
    /// citizens' answers too); <see cref="Allowed"/> is what its limits let through in that time: the bot's burst plus
    /// its sustained rate for the wave's seconds, so a perfect sender scores 1.
    /// </summary>
    public sealed class Wave
    {
        public required string Name { get; init; }
        public required int Messages { get; init; }
        public required int Chats { get; init; }
        public required int Delivered { get; init; }
        public required int Sends { get; init; }
        public required double Seconds { get; init; }
        public required double Allowed { get; init; }
        public required int RateLimited { get; init; }
        public required int OrderViolations { get; init; }
    }
}
