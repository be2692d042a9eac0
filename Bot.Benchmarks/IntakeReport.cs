using System.Text;
using System.Text.Json;

namespace ChatIntake.Benchmarks;

/// <summary>The one line the intake benchmark prints; field names are what scripts comparing runs read.</summary>
internal sealed class IntakeReport
{
    /// <summary>"sqlite" or "postgres".</summary>
    public required string Provider { get; init; }

    /// <summary>Hosts sharing the database, each citizen's updates handed to them in turn.</summary>
    public required int Instances { get; init; }

    /// <summary>With several instances, the turns each committed (warm-up included); empty with one.</summary>
    public IReadOnlyList<int> TurnsByInstance { get; init; } = [];

    public required int Users { get; init; }

    public required int WarmupUsers { get; init; }

    public required int Turns { get; init; }

    public required double Seconds { get; init; }

    public required IReadOnlyList<double> LatenciesMs { get; init; }

    /// <summary>The same latencies by the citizen's input (the first message, the second, …): where the slow tail comes from.</summary>
    public IReadOnlyList<IReadOnlyList<double>> LatenciesByStepMs { get; init; } = [];

    public required int Tickets { get; init; }

    /// <summary>Messages the measured citizens were sent (sends and edits), all their turns' replies.</summary>
    public required int Messages { get; init; }

    public required double RssMb { get; init; }

    /// <summary>Memory the garbage collector held at the end (its heaps and what it keeps committed for them).</summary>
    public double GcCommittedMb { get; init; }

    /// <summary>Processor time of the whole process (every thread, user and kernel) during the measured workload.</summary>
    public required double CpuSeconds { get; init; }

    /// <summary>Bytes allocated on the managed heap during the measured workload, by every thread.</summary>
    public required long AllocatedBytes { get; init; }

    public required double GcPauseSeconds { get; init; }

    /// <summary>The outbox's delivery marks written inside turn commits, and by the dispatcher on its own (SQLite), during the measured workload.</summary>
    public long DeliveryMarksWithTurns { get; init; }

    public long DeliveryMarksAlone { get; init; }

    /// <summary>Reads and writes the process handed the kernel during the measured workload (Linux only).</summary>
    public ProcessIo? Io { get; init; }

    /// <summary>From the process's start until the host (migrations of a new database, seed data, background services) has started.</summary>
    public required double HostReadyMs { get; init; }

    /// <summary>From the process's start until the stub channel was handed the first reply; null when none came.</summary>
    public required double? FirstReplyMs { get; init; }

    /// <summary>The process's <c>DOTNET_</c> environment variables (the runtime's settings).</summary>
    public IReadOnlyDictionary<string, string> RuntimeSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>Turns committed per second in the first 10 s after the first update, when the code still runs on the JIT's early tiers.</summary>
    public required double ColdTurnsPerSecond { get; init; }

    /// <summary>Set when the run hit its time limit; the figures then cover only what was reached.</summary>
    public bool TimedOut { get; init; }

    public string ToJson()
    {
        var sorted = LatenciesMs.Order().ToArray();
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("provider", Provider);
            json.WriteNumber("instances", Instances);
            if (TurnsByInstance.Count > 0)
            {
                json.WriteStartArray("turns_by_instance");
                foreach (var turns in TurnsByInstance)
                {
                    json.WriteNumberValue(turns);
                }

                json.WriteEndArray();
            }
            json.WriteNumber("users", Users);
            json.WriteNumber("turns", Turns);
            json.WriteNumber("seconds", Math.Round(Seconds, 3));
            json.WriteNumber("turns_per_s", Math.Round(Rate(Turns), 1));
            json.WriteNumber("tickets_per_s", Math.Round(Rate(Tickets), 1));
            json.WriteNumber("p50_ms", Math.Round(Percentile(sorted, 50), 2));
            json.WriteNumber("p95_ms", Math.Round(Percentile(sorted, 95), 2));
            json.WriteNumber("p99_ms", Math.Round(Percentile(sorted, 99), 2));
            if (LatenciesByStepMs.Count > 0)
            {
                // By the citizen's input: the benchmark's 64 citizens in flight move through the dialog nearly in step,
                // so each input's turns share their commits, and a costly input (the confirmation, which files the ticket) shows here.
                foreach (var percentile in (int[])[50, 99])
                {
                    json.WriteStartArray($"p{percentile}_ms_by_input");
                    foreach (var step in LatenciesByStepMs)
                    {
                        json.WriteNumberValue(Math.Round(Percentile([.. step.Order()], percentile), 1));
                    }

                    json.WriteEndArray();
                }
            }
            json.WriteNumber("tickets", Tickets);
            json.WriteNumber("inputs_per_ticket", Math.Round(PerTicket(Turns), 2));
            json.WriteNumber("messages_per_ticket", Math.Round(PerTicket(Messages), 2));
            json.WriteNumber("rss_mb", Math.Round(RssMb, 1));
            json.WriteNumber("gc_committed_mb", Math.Round(GcCommittedMb, 1));
            json.WriteNumber("cpu_ms_per_turn", Math.Round(PerTurn(CpuSeconds * 1000), 3));
            json.WriteNumber("alloc_kb_per_turn", Math.Round(PerTurn(AllocatedBytes / 1024d), 1));
            json.WriteNumber("gc_pause_ms", Math.Round(GcPauseSeconds * 1000));
            json.WriteNumber("delivery_marks_with_turns", DeliveryMarksWithTurns);
            json.WriteNumber("delivery_marks_alone", DeliveryMarksAlone);
            if (Io is { } io)
            {
                json.WriteNumber("write_kb_per_turn", Math.Round(PerTurn(io.WrittenBytes / 1024d), 1));
                json.WriteNumber("write_calls_per_turn", Math.Round(PerTurn(io.WriteCalls), 2));
                json.WriteNumber("read_kb_per_turn", Math.Round(PerTurn(io.ReadBytes / 1024d), 1));
                json.WriteNumber("read_calls_per_turn", Math.Round(PerTurn(io.ReadCalls), 2));
            }

            json.WriteNumber("warmup_users", WarmupUsers);
            json.WriteNumber("host_ready_ms", Math.Round(HostReadyMs));
            if (FirstReplyMs is { } firstReply)
            {
                json.WriteNumber("first_reply_ms", Math.Round(firstReply));
            }

            json.WriteNumber("first_10s_turns_per_s", Math.Round(ColdTurnsPerSecond, 1));
            if (RuntimeSettings.Count > 0)
            {
                // Which of the runtime's own settings this run had: the JIT's tiering delay alone moves the figures by a third.
                json.WriteStartObject("runtime_settings");
                foreach (var (name, value) in RuntimeSettings.OrderBy(s => s.Key, StringComparer.Ordinal))
                {
                    json.WriteString(name, value);
                }

                json.WriteEndObject();
            }

            if (TimedOut)
            {
                json.WriteBoolean("timed_out", true);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private double PerTurn(double total) => Turns > 0 ? total / Turns : 0;

    private double PerTicket(int count) => Tickets > 0 ? (double)count / Tickets : 0;

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
