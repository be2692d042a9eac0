namespace ChatIntake.Tests.Infrastructure;

/// <summary>A SQLite file shared by several hosts in turn (a restart); deleted, with its -wal and -shm, when disposed.</summary>
public sealed class TestDatabaseFile : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"chatintake-test-{Guid.NewGuid():N}.db");

    public void Dispose() => Delete(Path);

    public static void Delete(string file)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(file + suffix);
        }
    }
}
