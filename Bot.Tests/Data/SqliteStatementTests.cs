using ChatIntake.Data;
using ChatIntake.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace ChatIntake.Tests.Data;

/// <summary>The turn's hottest statements run on SQLite's own handle (<see cref="SqliteStatement"/>): values must be stored as Microsoft.Data.Sqlite stores them.</summary>
[Trait("Database", "SqliteOnly")] // SQLite's own handle
public sealed class SqliteStatementTests
{
    [Fact]
    public void Values_bound_by_position_are_stored_as_text_integers_and_nulls_and_a_statement_runs_again_and_again()
    {
        using var database = new TestDatabaseFile();
        using var connection = Open(database.Path);
        using (var insert = new SqliteStatement(connection, "INSERT INTO t (name, state, n, note) VALUES (@name, @state, @n, @note)", "@name", "@state", "@n", "@note"))
        {
            Assert.Equal(1, insert.Bind(0, "گزارش «چراغ» ۱").BindUtf8Text(1, "{\"step\":\"جا\"}"u8.ToArray()).Bind(2, 42L).Bind(3, (string?)null).Execute());
            Assert.Equal(1, insert.Bind(0, "second").BindUtf8Text(1, null).Bind(2, (long?)null).Bind(3, "n").Execute());
        }

        Assert.Equal(
            ["گزارش «چراغ» ۱|text|{\"step\":\"جا\"}|text|42|integer||null", "second|text||null||null|n|text"],
            Rows(connection, "SELECT name || '|' || typeof(name) || '|' || COALESCE(state, '') || '|' || typeof(state) || '|' || COALESCE(n, '') || '|' || typeof(n) || '|' || COALESCE(note, '') || '|' || typeof(note) FROM t ORDER BY id"));

        using var update = new SqliteStatement(connection, "UPDATE t SET n = n + 1 WHERE name = @name", "@name");
        Assert.Equal(1, update.Bind(0, "second").Execute());
        Assert.Equal(1, update.Bind(0, "گزارش «چراغ» ۱").Execute());
        Assert.Equal(0, update.Bind(0, "nobody").Execute());
    }

    [Fact]
    public void An_insert_gives_its_new_id_a_conflict_that_does_nothing_gives_none_and_a_trigger_s_own_insert_does_not_count()
    {
        using var database = new TestDatabaseFile();
        using var connection = Open(database.Path);
        using (var trigger = connection.CreateCommand())
        {
            trigger.CommandText = """
                CREATE TABLE log (id INTEGER PRIMARY KEY, what TEXT);
                INSERT INTO log (id, what) VALUES (100, 'earlier');
                CREATE TRIGGER t_logged AFTER INSERT ON t BEGIN INSERT INTO log (what) VALUES (new.name); END;
                """;
            trigger.ExecuteNonQuery();
        }

        using var insert = new SqliteStatement(connection, "INSERT INTO t (name) VALUES (@name) ON CONFLICT (name) DO NOTHING", "@name");

        Assert.Equal(1, insert.Bind(0, "first").ExecuteInsert());
        Assert.Equal(2, insert.Bind(0, "second").ExecuteInsert());
        Assert.Null(insert.Bind(0, "first").ExecuteInsert());
        Assert.Equal(3, insert.Bind(0, "third").ExecuteInsert());
        Assert.Equal(["earlier", "first", "second", "third"], Rows(connection, "SELECT what FROM log ORDER BY id"));
    }

    [Fact]
    public void Boxed_values_bind_with_the_storage_class_their_type_has_and_an_unknown_type_is_refused()
    {
        using var database = new TestDatabaseFile();
        using var connection = Open(database.Path);
        using (var insert = new SqliteStatement(connection, "INSERT INTO t (name, n) VALUES (@name, @n)", "@name", "@n"))
        {
            insert.Bind(0, (object)"ثبت").Bind(1, (object)35.6892).Execute();
            insert.Bind(0, (object)"int").Bind(1, (object)7).Execute();
            insert.Bind(0, (object)"long").Bind(1, (object)long.MaxValue).Execute();
            insert.Bind(0, (object)"flag").Bind(1, (object)true).Execute();
            insert.Bind(0, (object)"none").Bind(1, (object?)null).Execute();
            Assert.Throws<ArgumentException>(() => insert.Bind(0, (object)DateTimeOffset.UnixEpoch));
        }

        Assert.Equal(
            ["ثبت|35.6892|real", "int|7|integer", "long|9223372036854775807|integer", "flag|1|integer", "none||null"],
            Rows(connection, "SELECT name || '|' || COALESCE(n, '') || '|' || typeof(n) FROM t ORDER BY id"));
    }

    [Fact]
    public void A_query_bound_by_position_reads_its_rows_text_numbers_and_the_stored_utf8_and_runs_again()
    {
        using var database = new TestDatabaseFile();
        using var connection = Open(database.Path);
        using (var insert = new SqliteStatement(connection, "INSERT INTO t (name, state, n) VALUES (@name, @state, @n)", "@name", "@state", "@n"))
        {
            insert.Bind(0, "چراغ").BindUtf8Text(1, "{\"گام\":1}"u8.ToArray()).Bind(2, 7L).Execute();
            insert.Bind(0, "plain").BindUtf8Text(1, null).Bind(2, 8L).Execute();
            insert.Bind(0, "other").BindUtf8Text(1, null).Bind(2, 9L).Execute();
        }

        using var query = SqliteStatement.Positional(connection, "SELECT name, state, n FROM t WHERE name IN (?, ?) ORDER BY n");
        for (var run = 0; run < 2; run++)
        {
            query.Bind(0, "چراغ").Bind(1, "plain");
            var rows = new List<(string, string?, long)>();
            while (query.Read())
            {
                var state = query.Utf8(1);
                rows.Add((query.Text(0), state is null ? null : System.Text.Encoding.UTF8.GetString(state), query.Int64(2)));
            }

            Assert.Equal([("چراغ", "{\"گام\":1}", 7L), ("plain", null, 8L)], rows);
        }
    }

    [Fact]
    public void A_failed_statement_throws_sqlites_error_inside_the_callers_transaction_and_runs_again_after_it()
    {
        using var database = new TestDatabaseFile();
        using var connection = Open(database.Path);
        using var transaction = connection.BeginTransaction();
        using var insert = new SqliteStatement(connection, "INSERT INTO t (name, n) VALUES (@name, @n)", "@name", "@n");
        insert.Bind(0, "once").Bind(1, 1L).Execute();

        var error = Assert.Throws<SqliteException>(() => insert.Bind(0, "once").Bind(1, 2L).Execute());
        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.Contains("UNIQUE", error.Message, StringComparison.Ordinal);

        insert.Bind(0, "twice").Bind(1, 3L).Execute();
        transaction.Rollback();
        Assert.Empty(Rows(connection, "SELECT name FROM t"));
        Assert.Throws<ArgumentException>(() => new SqliteStatement(connection, "SELECT @a", "@b"));
    }

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var create = connection.CreateCommand();
        create.CommandText = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, state TEXT, n INTEGER, note TEXT)";
        create.ExecuteNonQuery();
        return connection;
    }

    private static List<string> Rows(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }
}
