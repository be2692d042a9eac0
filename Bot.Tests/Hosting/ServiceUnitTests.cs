using ChatIntake.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace ChatIntake.Tests.Hosting;

/// <summary>
/// The systemd unit a city installs (<c>deploy/chatintake.service</c>): it must start the app a publish produces, keep
/// the database, photos and keys in its state folder, and give the runtime the settings the benchmarks measure it with.
/// </summary>
[Trait("Database", "Any")] // reads a file: no database in it, so it runs once (in the SQLite run)
public sealed class ServiceUnitTests
{
    private const string StateFolder = "/var/lib/chatintake";

    private static readonly string UnitFile = Path.Combine(Path.GetDirectoryName(ArtifactPaths.Root)!, "deploy", "chatintake.service");

    [Fact]
    public void The_service_starts_the_published_app_with_its_data_in_the_state_folder()
    {
        var service = Section("Service");
        Assert.Equal("/opt/chatintake/" + typeof(Program).Assembly.GetName().Name, Assert.Single(service["ExecStart"]));
        Assert.Equal("chatintake", Assert.Single(service["StateDirectory"]));
        Assert.Equal(StateFolder, Assert.Single(service["WorkingDirectory"]));

        // Read the way the host reads its environment: "__" for ":".
        var environment = Environment();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(environment.Select(e => KeyValuePair.Create(e.Key.Replace("__", ":", StringComparison.Ordinal), (string?)e.Value)))
            .Build();
        var database = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(configuration.GetConnectionString("Intake")).DataSource;
        Assert.Equal(StateFolder, Path.GetDirectoryName(database));
        Assert.Equal(StateFolder, environment["HOME"]);
        Assert.Equal("Production", environment["ASPNETCORE_ENVIRONMENT"]);
    }

    [Fact]
    public void The_service_gives_the_runtime_the_settings_the_benchmarks_measured()
    {
        var environment = Environment();
        Assert.Equal("0", environment["DOTNET_TC_CallCountingDelayMs"]);
        Assert.Equal("0", environment["DOTNET_TieredPGO"]);

        // The runtime reads its numbers as hexadecimal, with or without "0x": 8 MB, not 800 kB or 8 GB.
        Assert.Equal(8 * 1024 * 1024, Convert.ToInt64(environment["DOTNET_GCgen0size"], 16));

        // glibc reads it at the process's start: four arenas, not eight per core.
        Assert.Equal("4", environment["MALLOC_ARENA_MAX"]);
    }

    private static Dictionary<string, string> Environment() =>
        Section("Service").GetValueOrDefault("Environment", []).Select(v => v.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    /// <summary>A unit section's keys, each with its values in order (systemd allows a key more than once).</summary>
    private static Dictionary<string, List<string>> Section(string name)
    {
        var keys = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        string? current = null;
        foreach (var raw in File.ReadLines(UnitFile))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line.StartsWith('['))
            {
                current = line.Trim('[', ']');
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (current == name && equals > 0)
            {
                var key = line[..equals];
                (keys.TryGetValue(key, out var values) ? values : keys[key] = []).Add(line[(equals + 1)..]);
            }
        }

        return keys;
    }
}
