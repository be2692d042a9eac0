namespace ChatIntake.Tests.Infrastructure;

/// <summary>
/// A database shared by several hosts in turn (a restart): a SQLite file, or on PostgreSQL the database it names
/// (<see cref="TestDatabase"/>); deleted (with -wal and -shm) or dropped when disposed.
/// </summary>
public sealed class TestDatabaseFile : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"chatintake-test-{Guid.NewGuid():N}.db");

    public void Dispose() => Delete(Path);

    public static void Delete(string file) => TestDatabase.Delete(file);
}
