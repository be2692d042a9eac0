using Microsoft.Data.Sqlite;
using Npgsql;

namespace ChatIntake.Benchmarks;

/// <summary>
/// The throwaway database a benchmark runs on: a new SQLite file in the temp folder, or a new database (unique name) on
/// a PostgreSQL server. Disposing removes it, also after a failed run.
/// </summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string? _sqliteFile;
    private readonly string? _server;
    private readonly string _name;

    private BenchDatabase(string? sqliteFile, string? server, string name)
    {
        _sqliteFile = sqliteFile;
        _server = server;
        _name = name;
    }

    public bool IsPostgres => _server is not null;

    /// <summary>"sqlite" or "postgres", as the report names it.</summary>
    public string Provider => IsPostgres ? "postgres" : "sqlite";

    public static BenchDatabase Sqlite() =>
        new(Path.Combine(Path.GetTempPath(), $"chatintake-bench-{Guid.NewGuid():N}.db"), null, "");

    /// <summary>A new, empty database on the server <paramref name="serverConnectionString"/> names (no database in it needed); the first host migrates it.</summary>
    public static async Task<BenchDatabase> PostgresAsync(string serverConnectionString, CancellationToken cancellationToken)
    {
        var database = new BenchDatabase(null, serverConnectionString, $"chatintake_bench_{Guid.NewGuid():N}");
        await using var connection = await database.OpenServerAsync(cancellationToken);
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database._name}\" TEMPLATE template0", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
        return database;
    }

    /// <summary>
    /// The host settings for instance <paramref name="instance"/>. On PostgreSQL each instance names itself as an application,
    /// which gives it a connection pool of its own, as a separate process would have.
    /// </summary>
    public Dictionary<string, string?> Settings(int instance) => _server is null
        ? new() { ["ConnectionStrings:Intake"] = $"Data Source={_sqliteFile}" }
        : new()
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Intake"] = new NpgsqlConnectionStringBuilder(_server) { Database = _name, ApplicationName = $"chatintake-bench-{instance}" }.ConnectionString,
            ["Attachments:Folder"] = Path.Combine(Path.GetTempPath(), "chatintake-bench-attachments"),
        };

    public async ValueTask DisposeAsync()
    {
        if (_sqliteFile is not null)
        {
            // Pooled connections keep the file open; on Windows the delete would fail, elsewhere the space would linger.
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_sqliteFile + suffix);
            }

            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = await OpenServerAsync(CancellationToken.None);
        // FORCE: a host that failed mid-run may still hold sessions on it.
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync(CancellationToken.None);
    }

    private async Task<NpgsqlConnection> OpenServerAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_server) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
