namespace ChatIntake.Benchmarks;

/// <summary>
/// The runtime's settings as the deployed service sets them (<c>Environment=DOTNET_…</c> and <c>MALLOC_ARENA_MAX</c>
/// lines of <c>deploy/chatintake.service</c>), so runs in a process of their own measure ours as a city runs it. The
/// unit owns the values; only the runtime's and the C library's allocator variables are taken, never its connection
/// string or environment name.
/// </summary>
internal static class ServiceRuntimeSettings
{
    private const string Prefix = "Environment=";

    /// <summary>Whether an environment variable is a runtime setting: .NET's own, or glibc's malloc arenas.</summary>
    public static bool IsRuntimeSetting(string name) =>
        name.StartsWith("DOTNET_", StringComparison.Ordinal) || name == "MALLOC_ARENA_MAX";

    public static IReadOnlyDictionary<string, string> Read(string unitFile)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in File.ReadLines(unitFile))
        {
            var line = raw.Trim();
            if (!line.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var assignment = line[Prefix.Length..].Trim('"');
            var equals = assignment.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && IsRuntimeSetting(assignment[..equals]))
            {
                settings[assignment[..equals]] = assignment[(equals + 1)..];
            }
        }

        return settings;
    }

    /// <summary>The repository's unit: <c>deploy/chatintake.service</c>.</summary>
    public static IReadOnlyDictionary<string, string> OfRepository() =>
        Read(Path.Combine(BenchHost.FindRepositoryRoot(), "deploy", "chatintake.service"));
}
