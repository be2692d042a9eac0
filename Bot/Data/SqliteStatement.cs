using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ChatIntake.Data;

/// <summary>
/// One of the statements every turn runs (its state, replies and inbox row, the delivery marks), prepared on SQLite's
/// own handle and bound by position. Through Microsoft.Data.Sqlite each execution made a binder object per parameter, a
/// UTF-8 copy of every string, a data reader and an enumerator: about 0.9 KB a statement, a sixth of what a turn
/// allocated, in the one writer. Runs in whatever transaction the connection has open; finalized on dispose.
/// </summary>
public sealed class SqliteStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly int[] _indexes;

    public SqliteStatement(SqliteConnection connection, string sql, params string[] parameterNames)
        : this(connection, sql, positional: false, parameterNames)
    {
    }

    private SqliteStatement(SqliteConnection connection, string sql, bool positional, string[] parameterNames)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        Check(raw.sqlite3_prepare_v2(_db, sql, out _statement));
        _indexes = positional
            ? [.. Enumerable.Range(1, raw.sqlite3_bind_parameter_count(_statement))]
            : [.. parameterNames.Select(name => raw.sqlite3_bind_parameter_index(_statement, name) is > 0 and var index
                ? index
                : throw new ArgumentException($"The statement has no parameter {name}.", nameof(parameterNames)))];
    }

    /// <summary>
    /// A statement whose parameters are bare <c>?</c>s, bound by position from 0: a many-row insert, whose hundreds of
    /// named parameters SQLite would look up one by one while compiling (16 rows of 30: 489 µs against 78).
    /// </summary>
    public static SqliteStatement Positional(SqliteConnection connection, string sql) => new(connection, sql, positional: true, []);

    /// <summary>The same statement as <paramref name="command"/> (made by <see cref="PreparedSql.Create"/>), its parameters in the same order.</summary>
    public static SqliteStatement For(SqliteConnection connection, System.Data.Common.DbCommand command) =>
        new(connection, command.CommandText, [.. command.Parameters.Cast<System.Data.Common.DbParameter>().Select(p => p.ParameterName)]);

    public SqliteStatement Bind(int position, long value)
    {
        Check(raw.sqlite3_bind_int64(_statement, _indexes[position], value));
        return this;
    }

    public SqliteStatement Bind(int position, long? value) => value is { } known ? Bind(position, known) : BindNull(position);

    public SqliteStatement Bind(int position, string? value)
    {
        if (value is null)
        {
            return BindNull(position);
        }

        Check(raw.sqlite3_bind_text16(_statement, _indexes[position], value.AsSpan()));
        return this;
    }

    public SqliteStatement Bind(int position, double value)
    {
        Check(raw.sqlite3_bind_double(_statement, _indexes[position], value));
        return this;
    }

    /// <summary>A value of whatever type a row's columns have (text, whole numbers, reals, flags), stored as Microsoft.Data.Sqlite stores it.</summary>
    public SqliteStatement Bind(int position, object? value) => value switch
    {
        null => BindNull(position),
        string text => Bind(position, text),
        long number => Bind(position, number),
        int number => Bind(position, (long)number),
        double real => Bind(position, real),
        bool flag => Bind(position, flag ? 1L : 0L),
        _ => throw new ArgumentException($"No SQLite binding for a {value.GetType().Name}.", nameof(value)),
    };

    /// <summary>Text already encoded as UTF-8 (a dialog state), stored as text.</summary>
    public SqliteStatement BindUtf8Text(int position, byte[]? utf8)
    {
        if (utf8 is null)
        {
            return BindNull(position);
        }

        Check(raw.sqlite3_bind_text(_statement, _indexes[position], utf8.AsSpan()));
        return this;
    }

    public SqliteStatement BindNull(int position)
    {
        Check(raw.sqlite3_bind_null(_statement, _indexes[position]));
        return this;
    }

    /// <summary>Runs the statement; the rows it changed.</summary>
    public int Execute()
    {
        try
        {
            int result;
            while ((result = raw.sqlite3_step(_statement)) == raw.SQLITE_ROW)
            {
            }

            Check(result, raw.SQLITE_DONE);
            return raw.sqlite3_changes(_db);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    /// <summary>
    /// Runs an INSERT; the new row's id, or null when it inserted nothing (a conflict it was told to ignore). Read from the
    /// connection rather than with <c>RETURNING</c>, which SQLite runs as a trigger: that makes the statement keep a
    /// journal of every page it touches, so it can be undone on its own (3.7 µs of an inbox row's 6.4, README, issue 19).
    /// </summary>
    public long? ExecuteInsert() => Execute() == 0 ? null : raw.sqlite3_last_insert_rowid(_db);

    /// <summary>
    /// Runs an INSERT of <paramref name="rows"/> rows into a table of integer keys; the first new row's id. SQLite gives
    /// the rows of one statement consecutive ids in the order written (each the largest so far plus one), so the rest follow.
    /// </summary>
    public long ExecuteInsertRows(int rows) => Execute() is var inserted && inserted == rows
        ? raw.sqlite3_last_insert_rowid(_db) - rows + 1
        : throw new InvalidOperationException($"{inserted} rows were inserted, not {rows}.");

    /// <summary>Steps to the next row of a query; false (and the statement reset for another run) once there is none.</summary>
    public bool Read()
    {
        var result = raw.sqlite3_step(_statement);
        if (result == raw.SQLITE_ROW)
        {
            return true;
        }

        raw.sqlite3_reset(_statement);
        Check(result, raw.SQLITE_DONE);
        return false;
    }

    public long Int64(int column) => raw.sqlite3_column_int64(_statement, column);

    public string Text(int column) => raw.sqlite3_column_text(_statement, column).utf8_to_string();

    /// <summary>A text column's UTF-8 as it is stored, or null for NULL.</summary>
    public byte[]? Utf8(int column) =>
        raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL ? null : raw.sqlite3_column_blob(_statement, column).ToArray();

    public void Dispose() => _statement.Dispose();

    private void Check(int result, int expected = raw.SQLITE_OK)
    {
        if (result != expected)
        {
            throw new SqliteException(raw.sqlite3_errmsg(_db).utf8_to_string(), result, raw.sqlite3_extended_errcode(_db));
        }
    }
}
