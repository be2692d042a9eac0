using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ChatIntake.Tests.Infrastructure;

/// <summary>
/// The product as operators run it: <c>dotnet Bot.dll</c> in a process of its own, configured by environment variables,
/// on a free loopback port. Its output goes to a log file under artifacts/processes for whoever reads a failure;
/// disposing kills it (and anything it started), so no test leaves one running.
/// </summary>
public sealed class BotProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private BotProcess(Process process, StreamWriter log, string name, int port, string logFile)
    {
        _process = process;
        _log = log;
        Name = name;
        Port = port;
        LogFile = logFile;
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Name { get; }

    public int Port { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public string LogFile { get; }

    /// <summary>A client for this instance (no cookies kept; staff sign in with a client of their own).</summary>
    public HttpClient Http { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts the program with the settings (configuration keys, ":" or "__") made for its own address; returns at once.
    /// Wait for <see cref="WaitHealthyAsync"/> before using it.
    /// </summary>
    public static BotProcess Start(string name, Func<Uri, IReadOnlyDictionary<string, string?>> settingsFor)
    {
        var port = FreePort();
        var settings = settingsFor(new Uri($"http://127.0.0.1:{port}"));
        var program = BuiltProgram.PathOf("Bot");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(program)!,
        };
        start.ArgumentList.Add(program);
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ";

        var folder = Path.Combine(ArtifactPaths.Root, "processes");
        Directory.CreateDirectory(folder);
        var logFile = Path.Combine(folder, $"{TimeProvider.System.GetUtcNow():yyyyMMdd-HHmmss}-{name}-{port}.log");
        var log = new StreamWriter(logFile) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var started = new BotProcess(process, log, name, port, logFile);
        process.OutputDataReceived += (_, e) => started.Write(e.Data);
        process.ErrorDataReceived += (_, e) => started.Write(e.Data is null ? null : "stderr: " + e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Waits, bounded, until /healthz answers 200; fails with the end of the log if it never does or the process ends.</summary>
    public async Task WaitHealthyAsync(TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"{Name} exited with {_process.ExitCode} before it was healthy; its log ({LogFile}) ends:\n{LogTail()}");
            }

            try
            {
                using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                using var response = await Http.GetAsync("/healthz", probe.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        Assert.Fail($"{Name} was not healthy within {timeout.TotalSeconds:0} s; its log ({LogFile}) ends:\n{LogTail()}");
    }

    /// <summary>SIGKILL, as the kernel's OOM killer or a pulled plug would stop it: no shutdown code runs.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public string LogTail(int lines = 40) => string.Join('\n', Log().Split('\n').TakeLast(lines));

    /// <summary>What the process has written so far.</summary>
    public string Log()
    {
        lock (_log)
        {
            if (_log.BaseStream.CanWrite)
            {
                _log.Flush();
            }
        }

        using var reader = new StreamReader(new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return reader.ReadToEnd();
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        Http.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private void Write(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Output that arrives after the test let go of the process.
            }
        }
    }

    /// <summary>A port nobody listens on now; the program binds it a moment later (a race another process could win, rarely).</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
