using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json.Nodes;

namespace ChatIntake.Benchmarks;

/// <summary>
/// One benchmark run in a process of its own, read back as the JSON line it prints last. A fresh process per run keeps
/// one run's peak memory, JIT state and start-up clock out of the next one's figures.
/// </summary>
internal static class ChildRun
{
    private static readonly TimeSpan ProcessLimit = TimeSpan.FromMinutes(12);

    /// <summary>
    /// This program with <paramref name="arguments"/> in a fresh process, started the way this one was (apphost or
    /// dotnet + dll), with the runtime settings the deployed service sets (<see cref="ServiceRuntimeSettings"/>).
    /// </summary>
    public static ProcessStartInfo ThisProgram(IEnumerable<string> arguments)
    {
        var list = arguments.ToList();
        var host = Environment.ProcessPath ?? "dotnet";
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            list.Insert(0, Assembly.GetEntryAssembly()!.Location);
        }

        var start = new ProcessStartInfo(host, list);
        foreach (var (name, value) in ServiceRuntimeSettings.OfRepository())
        {
            start.Environment[name] = value;
        }

        return start;
    }

    /// <summary>Runs <paramref name="start"/> and returns its last JSON line (it must carry <c>turns_per_s</c>), or null with the reason on stderr.</summary>
    public static async Task<JsonObject?> RunAsync(ProcessStartInfo start, string label, CancellationToken cancellationToken)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start");
        var errors = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (errors)
                {
                    errors.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(ProcessLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await Console.Error.WriteLineAsync($"{label} did not finish within {ProcessLimit.TotalMinutes} minutes");
            return null;
        }

        var line = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => l.StartsWith('{'));
        if (process.ExitCode != 0 || line is null || JsonNode.Parse(line) is not JsonObject figures || figures["turns_per_s"] is null)
        {
            await Console.Error.WriteLineAsync($"{label} failed (exit code {process.ExitCode}):\n{errors}");
            return null;
        }

        return figures;
    }
}
