using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Infrastructure;

/// <summary>SQLite's plan for a statement, a step a line, as the plan tests assert on it.</summary>
public static class SqlitePlan
{
    /// <summary>
    /// <paramref name="sql"/> as written or as <c>ToQueryString</c> gives it: its <c>.param set</c> lines are dropped and
    /// its holes stay bound to null, which does not change the plan.
    /// </summary>
    public static async Task<List<string>> ExplainAsync(DbContext db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync();
        }

        await using var command = connection.CreateCommand();
        var statement = string.Join('\n', sql.Split('\n').Where(line => !line.StartsWith(".param", StringComparison.Ordinal)));
        command.CommandText = "EXPLAIN QUERY PLAN " + statement;
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(3));
        }

        return plan;
    }
}
