using ChatIntake.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Data;

/// <summary>The hand-written migrations must build exactly the schema the model describes.</summary>
public sealed class MigrationSchemaTests
{
    [Fact]
    public async Task Migrated_empty_database_has_the_tables_columns_indexes_and_keys_of_the_model()
    {
        var migrated = Path.Combine(Path.GetTempPath(), $"schema-migrated-{Guid.NewGuid():N}.db");
        var created = Path.Combine(Path.GetTempPath(), $"schema-created-{Guid.NewGuid():N}.db");
        try
        {
            await using (var db = Context(migrated))
            {
                await db.Database.MigrateAsync();
            }

            await using (var db = Context(created))
            {
                await db.Database.EnsureCreatedAsync();
            }

            var expected = await DescribeAsync(created);
            var actual = await DescribeAsync(migrated);
            Assert.True(expected.Count > 50, "the description should cover the whole schema");
            Assert.Equal(expected.Except(actual).ToList(), Array.Empty<string>());
            Assert.Equal(actual.Except(expected).ToList(), Array.Empty<string>());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { migrated, created })
            {
                File.Delete(file);
            }
        }
    }

    private static IntakeDbContext Context(string file) =>
        new(new DbContextOptionsBuilder<IntakeDbContext>().UseSqlite($"Data Source={file}").Options);

    /// <summary>Sorted facts: every column, index (with its columns), foreign key, and each table's and index's SQL.</summary>
    private static async Task<List<string>> DescribeAsync(string file)
    {
        await using var connection = new SqliteConnection($"Data Source={file}");
        await connection.OpenAsync();
        var facts = new List<string>();
        var tables = await QueryAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__EF%'");
        foreach (var table in tables.Select(t => t[0]))
        {
            facts.Add($"table {table}");
            foreach (var c in await QueryAsync(connection, $"SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('{table}')"))
            {
                facts.Add($"column {table}.{c[0]} {c[1]} notnull={c[2]} default={c[3]} pk={c[4]}");
            }

            foreach (var i in await QueryAsync(connection, $"SELECT name, \"unique\", origin, partial FROM pragma_index_list('{table}')"))
            {
                var columns = await QueryAsync(connection, $"SELECT name FROM pragma_index_info('{i[0]}') ORDER BY seqno");
                facts.Add($"index {table}.{i[0]} unique={i[1]} origin={i[2]} partial={i[3]} ({string.Join(",", columns.Select(c => c[0]))})");
            }

            foreach (var f in await QueryAsync(connection, $"SELECT \"table\", \"from\", \"to\", on_update, on_delete FROM pragma_foreign_key_list('{table}')"))
            {
                facts.Add($"fk {table}.{f[1]} -> {f[0]}.{f[2]} update={f[3]} delete={f[4]}");
            }
        }

        foreach (var sql in await QueryAsync(connection, "SELECT type, name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND name NOT LIKE '__EF%'"))
        {
            facts.Add($"sql {sql[0]} {sql[1]}: {string.Join(' ', sql[2].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))}");
        }

        facts.Sort(StringComparer.Ordinal);
        return facts;
    }

    private static async Task<List<string[]>> QueryAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            var row = new string[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? "null" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
            }

            rows.Add(row);
        }

        return rows;
    }
}
