using ChatIntake.Data;
using ChatIntake.Tests.Infrastructure;
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
            await TestDatabase.CreateEmptyAsync(migrated);
            await using (var db = TestDatabase.Context(migrated))
            {
                await db.Database.MigrateAsync();
            }

            await using (var db = TestDatabase.Context(created))
            {
                await db.Database.EnsureCreatedAsync();
            }

            var expected = TestDatabase.IsPostgres ? await DescribePostgresAsync(created) : await DescribeAsync(created);
            var actual = TestDatabase.IsPostgres ? await DescribePostgresAsync(migrated) : await DescribeAsync(migrated);
            Assert.True(expected.Count > 50, "the description should cover the whole schema");
            var missing = expected.Except(actual).ToList();
            var extra = actual.Except(expected).ToList();
            Assert.True(missing.Count == 0 && extra.Count == 0,
                $"the model has, the migrations do not:\n{string.Join('\n', missing)}\nthe migrations have, the model does not:\n{string.Join('\n', extra)}");
        }
        finally
        {
            foreach (var file in new[] { migrated, created })
            {
                TestDatabase.Delete(file);
            }
        }
    }

    /// <summary>
    /// PostgreSQL's catalog as sorted facts: every column with its type, nullability, default and identity; every index
    /// by its definition; every constraint (keys, foreign keys with their actions) by its definition.
    /// </summary>
    private static async Task<List<string>> DescribePostgresAsync(string file)
    {
        await using var connection = new Npgsql.NpgsqlConnection(TestDatabase.ConnectionString(file));
        await connection.OpenAsync();
        var facts = new List<string>();
        foreach (var c in await QueryAsync(connection, """
            SELECT table_name, column_name, data_type, coalesce(character_maximum_length, 0), is_nullable, coalesce(column_default, ''), is_identity, coalesce(identity_generation, '')
            FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE '__EF%'
            """))
        {
            facts.Add($"column {c[0]}.{c[1]} {c[2]}({c[3]}) nullable={c[4]} default={c[5]} identity={c[6]} {c[7]}");
        }

        foreach (var i in await QueryAsync(connection, "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT LIKE '__EF%'"))
        {
            facts.Add($"index {i[0]}.{i[1]}: {i[2]}");
        }

        foreach (var k in await QueryAsync(connection, """
            SELECT t.relname, c.conname, c.contype, pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace WHERE n.nspname = 'public' AND t.relname NOT LIKE '__EF%'
            """))
        {
            facts.Add($"constraint {k[0]}.{k[1]} {k[2]}: {k[3]}");
        }

        facts.Sort(StringComparer.Ordinal);
        return facts;
    }

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

    private static async Task<List<string[]>> QueryAsync(System.Data.Common.DbConnection connection, string sql)
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
