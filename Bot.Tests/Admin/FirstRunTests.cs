using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using ChatIntake.Staff;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Admin;

/// <summary>A new city IT person's first run: where things are, a front page, and a way back in when the password is lost.</summary>
public sealed partial class FirstRunTests
{
    [Fact]
    public async Task The_front_page_links_the_chat_and_the_panel_in_the_citys_language()
    {
        var host = new AdminHost();
        await host.InitializeAsync();
        HttpResponseMessage response;
        string html;
        try
        {
            response = await host.NewClient().GetAsync("/");
            html = await response.Content.ReadAsStringAsync();
        }
        finally
        {
            await host.DisposeAsync();
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html lang=\"fa\" dir=\"rtl\">", html);
        Assert.Contains("href=\"/chat\"", html);
        Assert.Contains("href=\"/admin\"", html);
        Assert.Contains("سامانه ۱۳۷ شهرداری", html);
        Assert.DoesNotContain("is running", html);
    }

    [Fact]
    public async Task Reset_password_through_the_real_program_prints_a_new_password_that_signs_in()
    {
        using var file = new TestDatabaseFile();
        await FirstStartAsync(file.Path);

        var unknown = await RunProgramAsync(file.Path, null, "admin", "reset-password", "nobody");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("There is no account 'nobody'", unknown.Errors);

        var reset = await RunProgramAsync(file.Path, null, "admin", "reset-password", "admin");
        Assert.True(reset.ExitCode == 0, reset.Output + reset.Errors);
        var password = NewPassword().Match(reset.Output).Groups[1].Value;
        Assert.Equal(16, password.Length);

        var again = new AdminHost(browser: false, databaseFile: file.Path);
        await again.InitializeAsync();
        try
        {
            using var signedIn = await again.SignInAsync("admin", password);
            await using var db = again.Bot.CreateDbContext();
            var admin = await db.Staff.SingleAsync(s => s.UserName == "admin");
            Assert.False(StaffAccounts.IsPassword(admin, AdminHost.AdminPassword));
            Assert.True(await db.Audit.AnyAsync(a => a.Action == "password-reset" && a.Detail == "admin"));
        }
        finally
        {
            await again.DisposeAsync();
        }
    }

    /// <summary>The service's first start on an empty file: it creates "admin" with the tests' initial password.</summary>
    private static async Task FirstStartAsync(string databaseFile)
    {
        var first = new AdminHost(browser: false, databaseFile: databaseFile);
        await first.InitializeAsync();
        await first.DisposeAsync();
    }

    [Fact]
    public async Task The_log_says_where_chat_and_panel_are_and_that_an_initial_password_is_ignored_once_an_admin_exists()
    {
        using var file = new TestDatabaseFile();
        await FirstStartAsync(file.Path);

        var run = await RunProgramAsync(file.Path, output => PanelAddress().IsMatch(output) && output.Contains("reset-password", StringComparison.Ordinal),
            "--urls", "http://127.0.0.1:0", "--Admin:InitialPassword", "another-password-123");
        Assert.Matches(@"http://127\.0\.0\.1:\d+/chat", run.Output);
        Assert.Matches(PanelAddress(), run.Output);
        Assert.Contains("Admin:InitialPassword is ignored", run.Output);
        Assert.Contains("admin reset-password admin", run.Output);
    }

    private sealed record Run(int? ExitCode, string Output, string Errors);

    /// <summary>Runs the built Bot.dll on <paramref name="databaseFile"/>; with <paramref name="until"/>, a serving program is stopped once its output says that much.</summary>
    private static async Task<Run> RunProgramAsync(string databaseFile, Func<string, bool>? until, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = AppContext.BaseDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Bot.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in TestDatabase.Settings(databaseFile))
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var errors = new StringBuilder();
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
                if (until?.Invoke(output.ToString()) == true)
                {
                    seen.TrySetResult();
                }
            }
        };
        process.ErrorDataReceived += (_, e) => { lock (errors) { errors.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            if (until is null)
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            else
            {
                await Task.WhenAny(seen.Task, process.WaitForExitAsync(timeout.Token));
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
        }

        // The exit code of a program stopped here means nothing.
        int? code = until is null ? process.ExitCode : null;
        lock (output)
        {
            lock (errors)
            {
                return new Run(code, output.ToString(), errors.ToString());
            }
        }
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/admin")]
    private static partial Regex PanelAddress();

    [GeneratedRegex("New password for 'admin': (\\S+)")]
    private static partial Regex NewPassword();
}
