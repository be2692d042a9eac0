using System.Diagnostics;
using ChatIntake.Tests.Infrastructure;

namespace ChatIntake.Tests.Data;

/// <summary>The clock ban proven by a build: a throwaway project under the repository's own props that reads DateTime.UtcNow does not compile.</summary>
[Trait("Database", "Any")] // a build of the code: no database in it, so it runs once (in the SQLite run)
public sealed class ClockBanProbeTests
{
    [Fact]
    public async Task Reading_DateTime_UtcNow_fails_the_build_with_RS0030()
    {
        var root = Path.GetDirectoryName(ArtifactPaths.Root)!;
        var folder = Path.Combine(Path.GetTempPath(), "chatintake-clockban-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "Directory.Build.props"), $"<Project><Import Project=\"{Path.Combine(root, "Directory.Build.props")}\" /></Project>");
            await File.WriteAllTextAsync(Path.Combine(folder, "Directory.Packages.props"), $"<Project><Import Project=\"{Path.Combine(root, "Directory.Packages.props")}\" /></Project>");
            await File.WriteAllTextAsync(Path.Combine(folder, "Probe.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup><OutputType>Library</OutputType></PropertyGroup></Project>");
            await File.WriteAllTextAsync(Path.Combine(folder, "Probe.cs"), "namespace Probe;\n\npublic static class Clock\n{\n    public static System.DateTime Now() => System.DateTime.UtcNow;\n}\n");

            using var build = Process.Start(new ProcessStartInfo("dotnet", "build -nologo -clp:ErrorsOnly -p:UseSharedCompilation=false")
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            var output = build.StandardOutput.ReadToEndAsync(limit.Token);
            var errors = build.StandardError.ReadToEndAsync(limit.Token);
            await build.WaitForExitAsync(limit.Token);
            var said = await output + await errors;

            Assert.NotEqual(0, build.ExitCode);
            Assert.Contains("RS0030", said, StringComparison.Ordinal);
            Assert.Contains("DateTime.UtcNow", said, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
