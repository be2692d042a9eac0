using ChatIntake.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Quartz;

namespace ChatIntake.Tests.Infrastructure;

/// <summary>
/// Which database the tests' hosts run on: SQLite files (the default), or PostgreSQL when CHATINTAKE_TEST_PROVIDER=Postgres,
/// on the server CHATINTAKE_TEST_POSTGRES names (test.sh starts a throwaway cluster). A test names its database by a
/// file path either way; on PostgreSQL that path names a database of its own, copied on first use from a template the
/// migrations built once per run (a fresh migrate per host would cost a second each) and dropped when the test is done.
/// </summary>
public static class TestDatabase
{
    public static readonly bool IsPostgres = string.Equals(Environment.GetEnvironmentVariable("CHATINTAKE_TEST_PROVIDER"), "Postgres", StringComparison.OrdinalIgnoreCase);

    private static readonly string Server = Environment.GetEnvironmentVariable("CHATINTAKE_TEST_POSTGRES") ?? "Host=127.0.0.1;Port=5432;Username=postgres";
    private static readonly string Template = $"ci_template_{Environment.ProcessId}_{Guid.NewGuid():N}"[..40];
    private static readonly Lazy<Task> TemplateReady = new(CreateTemplateAsync);

    public static string Provider => IsPostgres ? "Postgres" : "Sqlite";

    /// <summary>
    /// The scheduler's store dialect is read while Program describes the host, before a test's own settings apply:
    /// the process environment carries the provider there (every host of a PostgreSQL run is on PostgreSQL).
    /// </summary>
    [System.Runtime.CompilerServices.ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "The environment must say the provider before any host is described.")]
    internal static void CarryProviderInEnvironment()
    {
        // As the product's start does before its first connection: some tests open SQLite files before any host.
        ChatIntake.Data.SqliteProcessSettings.Apply();
        if (IsPostgres)
        {
            Environment.SetEnvironmentVariable("Database__Provider", "Postgres");
        }
    }

    /// <summary>The connection string for the database named by <paramref name="databaseFile"/>.</summary>
    public static string ConnectionString(string databaseFile) =>
        IsPostgres ? new NpgsqlConnectionStringBuilder(Server) { Database = Name(databaseFile) }.ConnectionString : $"Data Source={databaseFile}";

    /// <summary>Host settings for that database (provider, connection string; on PostgreSQL an attachments folder, since there is no file to sit beside).</summary>
    public static Dictionary<string, string?> Settings(string databaseFile) => IsPostgres
        ? new()
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Intake"] = ConnectionString(databaseFile),
            ["Attachments:Folder"] = Path.Combine(Path.GetTempPath(), "attachments"),
        }
        : new() { ["ConnectionStrings:Intake"] = ConnectionString(databaseFile) };

    /// <summary>An empty, migrated database for the name unless it exists (a restart of the same installation); nothing to do for SQLite.</summary>
    public static async Task EnsureAsync(string databaseFile)
    {
        if (!IsPostgres)
        {
            return;
        }

        await TemplateReady.Value;
        await using var connection = await OpenServerAsync();
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", Name(databaseFile));
        if (await exists.ExecuteScalarAsync() is null)
        {
            await ExecuteAsync(connection, $"CREATE DATABASE \"{Name(databaseFile)}\" TEMPLATE \"{Template}\"");
        }
    }

    /// <summary>Removes the database: the SQLite file with its -wal and -shm, or the PostgreSQL database (its connections closed first).</summary>
    public static void Delete(string databaseFile)
    {
        if (!IsPostgres)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(databaseFile + suffix);
            }

            return;
        }

        NpgsqlConnection.ClearAllPools();
        Drop(Name(databaseFile));
    }

    private static void Drop(string name)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Database = "postgres", Pooling = false }.ConnectionString);
        connection.Open();
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        drop.ExecuteNonQuery();
    }

    /// <summary>A database name from a test's file path: ci_ and the file's name, lower case, within PostgreSQL's 63 bytes.</summary>
    public static string Name(string databaseFile)
    {
        var stem = new string(Path.GetFileNameWithoutExtension(databaseFile).ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        var name = "ci_" + stem;
        return name.Length <= 63 ? name : name[..63];
    }

    /// <summary>A context on the named database with the provider under test, for tests that look at the schema or rows directly.</summary>
    public static IntakeDbContext Context(string databaseFile)
    {
        var options = new DbContextOptionsBuilder<IntakeDbContext>();
        _ = IsPostgres ? options.UseNpgsql(ConnectionString(databaseFile)) : options.UseSqlite(ConnectionString(databaseFile));
        return new IntakeDbContext(options.Options);
    }

    /// <summary>An empty database (not migrated) for the name; nothing to do for SQLite, whose file appears when opened.</summary>
    public static async Task CreateEmptyAsync(string databaseFile)
    {
        if (!IsPostgres)
        {
            return;
        }

        await using var connection = await OpenServerAsync();
        await ExecuteAsync(connection, $"CREATE DATABASE \"{Name(databaseFile)}\" TEMPLATE template0");
    }

    /// <summary>A new database for the name with the product's schema, and a context on it, for tests that work below the host.</summary>
    public static async Task<IntakeDbContext> MigratedAsync(string databaseFile)
    {
        await CreateEmptyAsync(databaseFile);
        var db = Context(databaseFile);
        await db.Database.MigrateAsync();
        return db;
    }

    private static async Task CreateTemplateAsync()
    {
        await using (var connection = await OpenServerAsync())
        {
            await ExecuteAsync(connection, $"CREATE DATABASE \"{Template}\" TEMPLATE template0");
        }

        var connectionString = new NpgsqlConnectionStringBuilder(Server) { Database = Template, Pooling = false }.ConnectionString;
        var options = new DbContextOptionsBuilder<IntakeDbContext>().UseNpgsql(connectionString);
        await using (var db = new IntakeDbContext(options.Options))
        {
            await db.Database.MigrateAsync();

            // What every host would otherwise build at its start: the search index, and the scheduler's tables below.
            await new ChatIntake.Tickets.Search.PostgresTicketSearch(Microsoft.Extensions.Logging.Abstractions.NullLogger<ChatIntake.Tickets.Search.PostgresTicketSearch>.Instance)
                .EnsureIndexAsync(db, CancellationToken.None);
        }

        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        Microsoft.Extensions.DependencyInjection.LoggingServiceCollectionExtensions.AddLogging(services);
        Quartz.QuartzServiceCollectionExtensions.AddQuartz(services, quartz => quartz.UsePersistentStore(store =>
        {
            store.UsePostgres(connectionString);
            store.UseSystemTextJsonSerializer(_ => { });
            store.ProvisionSchema();
        }));
        await using (var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services))
        {
            var scheduler = await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Quartz.ISchedulerFactory>(provider).GetScheduler();
            await scheduler.Start();
            await scheduler.Shutdown(false);
        }

        // Dropped when the test run ends; a run killed midway leaves it for the cluster's own end (test.sh throws the cluster away).
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Drop(Template);
            }
            catch (NpgsqlException)
            {
                // The server may already be gone.
            }
        };
    }

    private static async Task<NpgsqlConnection> OpenServerAsync()
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
