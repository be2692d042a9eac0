using System.Data.Common;

namespace ChatIntake.Data;

/// <summary>
/// The plumbing of the few hot statements written by hand (turn writes, inbox inserts, delivery marks, look-ups):
/// a command made once with named parameters, then bound by position for each row.
/// </summary>
public static class PreparedSql
{
    public static DbCommand Create(DbConnection connection, DbTransaction? transaction, string sql, params string[] parameterNames)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in parameterNames)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>Sets the parameters in the order they were named; null becomes SQL NULL.</summary>
    public static DbCommand Bind(this DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return command;
    }

    /// <summary>
    /// Lets this connection's commits return before the disk confirms them. For writes whose loss in a power cut is
    /// harmless; the connection goes back to the configured level the next time it is opened (<see cref="SqlitePragmas"/>).
    /// SQLite only: on PostgreSQL every commit keeps the server's own durability.
    /// </summary>
    public static async Task RelaxDurabilityAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (connection is not Microsoft.Data.Sqlite.SqliteConnection)
        {
            return;
        }

        await using var command = Create(connection, null, "PRAGMA synchronous=NORMAL;");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Keeps this connection's statement journals in memory for the grouped write that follows. Each statement that may
    /// have to be undone alone copies the pages it changes to one; in a transaction of many statements SQLite spills it
    /// to a temporary file past 64 KB and then writes every copy there: two of every three pages the intake wrote went
    /// to that file. Queries' own temporary sorts keep spilling to disk: the connection goes back to the default when
    /// it is next opened (<see cref="SqlitePragmas"/>). SQLite only.
    /// </summary>
    public static async Task KeepJournalsInMemoryAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (connection is not Microsoft.Data.Sqlite.SqliteConnection)
        {
            return;
        }

        await using var command = Create(connection, null, "PRAGMA temp_store=MEMORY;");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
