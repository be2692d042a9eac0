using System.ComponentModel.DataAnnotations;

namespace ChatIntake.Data;

/// <summary>Configuration section "Database"; the connection string is ConnectionStrings:Intake.</summary>
public sealed class DatabaseOptions
{
    [Required, RegularExpression("^(Sqlite|Postgres)$", ErrorMessage = "Database:Provider must be Sqlite or Postgres.")]
    public string Provider { get; set; } = "Sqlite";

    /// <summary>SQLite's synchronous setting in WAL mode: FULL makes every commit survive a power cut, NORMAL only a crash.</summary>
    [RegularExpression("^(FULL|NORMAL)$")]
    public string SqliteSynchronous { get; set; } = "FULL";

    /// <summary>PostgreSQL: several instances may share the database, so work is coordinated there rather than in one process.</summary>
    public bool IsPostgres => Provider == "Postgres";
}
