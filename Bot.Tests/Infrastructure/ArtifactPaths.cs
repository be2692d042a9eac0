namespace ChatIntake.Tests.Infrastructure;

/// <summary>Where tests leave things for people to look at (transcripts, screenshots): artifacts/ at the repository root.</summary>
public static class ArtifactPaths
{
    public static string Root { get; } = Path.Combine(FindRepositoryRoot(), "artifacts");

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ChatIntake.sln")))
            {
                return dir.FullName;
            }
        }

        return Path.GetTempPath();
    }
}
