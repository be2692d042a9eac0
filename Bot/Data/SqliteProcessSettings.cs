namespace ChatIntake.Data;

/// <summary>
/// SQLite's settings for the whole process, which it takes only before its first connection. Memory statistics off:
/// with them on, every allocation and free inside SQLite takes one lock shared by all connections, and the turn being
/// run and the commit being written, on two cores at once, queued on it (README, issue 19). Nothing here reads them.
/// </summary>
public static class SqliteProcessSettings
{
    private const int SqliteOk = 0;
    private const int ConfigMemoryStatistics = 9; // SQLITE_CONFIG_MEMSTATUS

    private static readonly Lazy<bool> Applied = new(() =>
    {
        SQLitePCL.Batteries_V2.Init();
        return SQLitePCL.raw.sqlite3_config(ConfigMemoryStatistics, 0) == SqliteOk;
    });

    /// <summary>
    /// Applies the settings once; true when SQLite took them. False when a connection was opened first (SQLite then
    /// keeps its defaults, which work the same, a little slower).
    /// </summary>
    public static bool Apply() => Applied.Value;
}
