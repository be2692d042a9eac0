namespace ChatIntake.Tests.Infrastructure;

/// <summary>A project of this repository as built beside this test assembly, to run as a process of its own.</summary>
public static class BuiltProgram
{
    /// <summary>
    /// The project's own build output in this test assembly's configuration (…/Bot.Tests/bin/Release/net10.0 →
    /// …/<paramref name="project"/>/bin/Release/net10.0/<paramref name="project"/>.dll), else the copy a project reference leaves here.
    /// </summary>
    public static string PathOf(string project)
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = here.Name;
        var configuration = here.Parent?.Name;
        for (var dir = here; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ChatIntake.sln")) && configuration is not null)
            {
                var built = Path.Combine(dir.FullName, project, "bin", configuration, framework, project + ".dll");
                if (File.Exists(built))
                {
                    return built;
                }
            }
        }

        return Path.Combine(AppContext.BaseDirectory, project + ".dll");
    }
}
