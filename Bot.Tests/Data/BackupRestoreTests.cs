using System.Diagnostics;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ChatIntake.Tests.Data;

/// <summary>
/// The README's online backup and restore, done as an operator would while the product runs: the copy holds every
/// report made before it, and the product starts on the restored copy and answers the citizen about their report.
/// </summary>
public sealed class BackupRestoreTests
{
    [Fact]
    [Trait("Database", "SqliteOnly")]
    public async Task A_sqlite_copy_made_with_vacuum_into_while_the_product_runs_restores_the_reports()
    {
        using var database = new TestDatabaseFile();
        using var copy = new TestDatabaseFile();
        string code;
        await using (var running = new BotApplicationFactory(database.Path))
        {
            code = await ReportAsync(running, "backup-before", 35.725);
            await using (var connection = new SqliteConnection($"Data Source={database.Path}"))
            {
                await connection.OpenAsync();
                await using var vacuum = connection.CreateCommand();
                vacuum.CommandText = "VACUUM INTO @copy";
                vacuum.Parameters.AddWithValue("@copy", copy.Path);
                await vacuum.ExecuteNonQueryAsync();
            }

            await ReportAsync(running, "backup-after", 35.735);
        }

        await AssertRestoredAsync(copy.Path, code);
    }

    [Fact]
    [Trait("Database", "PostgresOnly")]
    public async Task A_postgres_dump_taken_while_the_product_runs_restores_into_an_empty_database_the_product_starts_on()
    {
        using var database = new TestDatabaseFile();
        using var copy = new TestDatabaseFile();
        var dump = Path.Combine(Path.GetTempPath(), $"chatintake-{Guid.NewGuid():N}.dump");
        try
        {
            string code;
            await using (var running = new BotApplicationFactory(database.Path))
            {
                code = await ReportAsync(running, "backup-before", 35.725);
                await RunAsync("pg_dump", database.Path, "-Fc", "-f", dump);
                await ReportAsync(running, "backup-after", 35.735);
            }

            await TestDatabase.CreateEmptyAsync(copy.Path);
            await RunAsync("pg_restore", copy.Path, "--no-owner", dump);
            await AssertRestoredAsync(copy.Path, code);
        }
        finally
        {
            File.Delete(dump);
        }
    }

    /// <summary>The product on the restored copy: the report made before the backup is there (and the later one is not), and its citizen hears its status.</summary>
    private static async Task AssertRestoredAsync(string databaseFile, string code)
    {
        await using var restored = new BotApplicationFactory(databaseFile);
        await using (var db = restored.CreateDbContext())
        {
            Assert.Equal([code], await db.Tickets.Select(t => t.TrackingCode).ToListAsync());
        }

        var citizen = restored.Citizen("backup-before", "en");
        await citizen.SaysAsync("/status " + code);
        Assert.Contains("Report " + TrackingCode.Format(code), citizen.LastText);
    }

    /// <summary>A whole report by a citizen in English; its tracking code.</summary>
    private static async Task<string> ReportAsync(BotApplicationFactory bot, string chat, double latitude)
    {
        var citizen = bot.Citizen(chat, "en");
        await citizen.SaysAsync("/new");
        await citizen.PressesAsync("Light");
        await citizen.SharesLocationAsync(latitude, 51.37);
        await citizen.SaysAsync("The light pole is leaning and the lamp is off.");
        await citizen.SaysAsync("Skip");
        await citizen.SaysAsync("✅ Submit");
        Assert.Contains("Your report is registered", citizen.LastText);
        await using var db = bot.CreateDbContext();
        return await db.Tickets.Where(t => t.Citizen!.ExternalUserId == "user-" + chat).Select(t => t.TrackingCode).SingleAsync();
    }

    /// <summary>One of PostgreSQL's own tools (Debian's newest installed) on the test database, failing with its output.</summary>
    private static async Task RunAsync(string tool, string databaseFile, params string[] arguments)
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").OrderBy(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).Last();
        var server = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString(databaseFile));
        var start = new ProcessStartInfo(Path.Combine(bin, "bin", tool)) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-h", server.Host!, "-p", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", server.Username!, "-d", server.Database! }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{tool} exited with {process.ExitCode}: {await errors}{await output}");
    }
}
