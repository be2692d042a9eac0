using System.Data.Common;
using System.Text.RegularExpressions;

namespace ChatIntake.Tests.Infrastructure;

/// <summary>An index as the test database holds it, read the same way on SQLite and PostgreSQL.</summary>
public static class IndexDefinition
{
    /// <summary>
    /// SQLite: the index's statement as written; PostgreSQL: the predicate of a partial index as it prints it back (null
    /// for a full one). Null too when there is no such index: ask <see cref="ExistsAsync"/> for that.
    /// </summary>
    public static Task<string?> ReadAsync(DbConnection connection, string index) => ScalarAsync(connection, TestDatabase.IsPostgres
        ? $"SELECT pg_get_expr(i.indpred, i.indrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relname = '{index}'"
        : $"SELECT sql FROM sqlite_master WHERE type = 'index' AND name = '{index}'");

    public static async Task<bool> ExistsAsync(DbConnection connection, string index) => await ScalarAsync(connection, TestDatabase.IsPostgres
        ? $"SELECT relname::text FROM pg_class WHERE relname = '{index}'"
        : $"SELECT name FROM sqlite_master WHERE type = 'index' AND name = '{index}'") is not null;

    /// <summary>What <see cref="ReadAsync"/> gives for an index filtered by <paramref name="condition"/>, as a pattern.</summary>
    public static string FilteredBy(string condition) =>
        TestDatabase.IsPostgres ? $"^\\({Regex.Escape(condition)}\\)$" : $"WHERE {Regex.Escape(condition)}$";

    private static async Task<string?> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync() as string;
    }
}
