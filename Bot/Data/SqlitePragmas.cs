using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ChatIntake.Data;

/// <summary>
/// Per-connection SQLite settings: the configured durability, waiting rather than failing on a busy writer, and no
/// automatic checkpoints: a commit that checkpoints stalls every turn queued behind it, so <see cref="WalCheckpointer"/>
/// does that work in the background instead. Temporary storage back to the default, in case the connection's last user
/// kept its journals in memory (<see cref="PreparedSql.KeepJournalsInMemoryAsync"/>). (EF Core itself turns foreign keys on.)
/// </summary>
internal sealed class SqlitePragmas(string synchronous) : DbConnectionInterceptor
{
    private readonly string _sql = $"PRAGMA synchronous={synchronous}; PRAGMA busy_timeout=10000; PRAGMA wal_autocheckpoint=0; PRAGMA temp_store=DEFAULT;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _sql;
        command.ExecuteNonQuery();
    }
}
