using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ChatIntake.Tests.Channels.Telegram;

/// <summary>
/// The npm package telegram-test-api, run by node on two loopback ports: one stands in for Telegram, the other for
/// Bale (the same API at another address). Installs its npm packages from the lock file when they are missing.
/// </summary>
public sealed class TelegramEmulator : IAsyncLifetime
{
    private Process? _node;
    private readonly List<string> _errors = [];

    public string TelegramUrl { get; private set; } = "";

    public string BaleUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var tests = Path.Combine(RepositoryRoot(), "Bot.Tests");
        if (!Directory.Exists(Path.Combine(tests, "node_modules", "telegram-test-api")))
        {
            await RunAsync("npm", "ci --no-audit --no-fund", tests, TimeSpan.FromMinutes(3));
        }

        var ports = new[] { FreePort(), FreePort() };
        _node = Process.Start(new ProcessStartInfo("node", $"Channels/Telegram/telegram-emulator.js {ports[0]} {ports[1]}")
        {
            WorkingDirectory = tests,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        _node.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_errors)
                {
                    _errors.Add(e.Data);
                }
            }
        };
        _node.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var ready = 0;
        while (ready < ports.Length)
        {
            var line = await _node.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException($"telegram-test-api did not start: {Errors}");
            if (line.StartsWith("ready ", StringComparison.Ordinal))
            {
                ready++;
            }
        }

        TelegramUrl = $"http://127.0.0.1:{ports[0]}";
        BaleUrl = $"http://127.0.0.1:{ports[1]}";
    }

    /// <summary>What the emulator wrote to standard error (webhook failures), for failure messages.</summary>
    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return string.Join('\n', _errors);
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_node is { HasExited: false })
        {
            _node.StandardInput.Close(); // the script stops its servers and exits
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _node.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _node.Kill(entireProcessTree: true);
            }
        }

        _node?.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, string arguments, string folder, TimeSpan limit)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { WorkingDirectory = folder, UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true })!;
        using var timeout = new CancellationTokenSource(limit);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        _ = process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed in {folder}: {await error}");
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ChatIntake.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (ChatIntake.sln) was not found above " + AppContext.BaseDirectory);
    }
}
