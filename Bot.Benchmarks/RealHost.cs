using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace ChatIntake.Benchmarks;

/// <summary>
/// The real ChatIntake host (Bot's own build output, Kestrel on a loopback port) started as a child process on a seeded
/// database, with a signed-in administrator's HTTP session. Measuring through HTTP includes routing, auth, Razor and the wire.
/// </summary>
internal sealed partial class RealHost : IAsyncDisposable
{
    private readonly Process _process;

    private RealHost(Process process, HttpClient client)
    {
        _process = process;
        Client = client;
    }

    public HttpClient Client { get; }

    public int ProcessId => _process.Id;

    public static async Task<RealHost> StartAsync(string databaseFile, CancellationToken cancellationToken)
    {
        var root = BenchHost.FindRepositoryRoot();
        var dll = Path.Combine(root, "Bot", "bin", "Release", "net10.0", "Bot.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build the solution in Release first.");
        }

        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Intake"] = $"Data Source={Path.GetFullPath(databaseFile)}";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // Retention would sweep years of seeded history while the views are measured; the other jobs find nothing due (HistorySeed).
        start.Environment["Privacy__RetentionEnabled"] = "false";
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        // Drained so a chatty log never blocks the host on a full pipe; warnings go to our stderr.
        process.OutputDataReceived += (_, e) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer(), UseCookies = true };
        var client = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(10) };
        var host = new RealHost(process, client);
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the host exited with code {process.ExitCode} while starting");
            }

            try
            {
                using var health = await client.GetAsync("/healthz", cancellationToken);
                if (health.IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromMinutes(20))
            {
            }

            if (deadline.Elapsed > TimeSpan.FromMinutes(20))
            {
                await host.DisposeAsync();
                throw new TimeoutException("the host did not answer /healthz within 20 minutes");
            }

            await Task.Delay(250, cancellationToken);
        }

        return host;
    }

    public async Task SignInAsync(string userName, string password, CancellationToken cancellationToken)
    {
        var form = await Client.GetStringAsync("/admin/login", cancellationToken);
        var token = Token().Match(form).Groups[1].Value;
        using var response = await Client.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = userName, ["password"] = password, ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        }), cancellationToken);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"sign-in as {userName} answered {(int)response.StatusCode}");
        }
    }

    /// <summary>The host's resident memory now and at its peak, in MiB, from /proc.</summary>
    public (double Now, double Peak) Memory()
    {
        double now = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                now = Kilobytes(line) / 1024.0;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line) / 1024.0;
            }
        }

        return (Math.Round(now, 1), Math.Round(peak, 1));
    }

    public static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "";

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
