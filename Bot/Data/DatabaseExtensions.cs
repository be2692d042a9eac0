using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace ChatIntake.Data;

public static class DatabaseExtensions
{
    public const string DefaultConnectionString = "Data Source=chatintake.db";

    /// <summary>The EF Core context (pooled factory plus a scoped context), migrated and seeded before anything else starts.</summary>
    public static WebApplicationBuilder AddDatabase(this WebApplicationBuilder builder)
    {
        // Before any connection opens; harmless on PostgreSQL, where SQLite is never opened.
        SqliteProcessSettings.Apply();
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration("Database").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<SeedOptions>().BindConfiguration("Seed").ValidateDataAnnotations().ValidateOnStart();

        // Read when the first context is made, not now: hosts in tests override configuration after this runs.
        builder.Services.AddPooledDbContextFactory<IntakeDbContext>((services, options) =>
        {
            var configuration = services.GetRequiredService<IConfiguration>();
            var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            if (database.IsPostgres)
            {
                var connectionString = configuration.GetConnectionString("Intake");
                if (string.IsNullOrWhiteSpace(connectionString) || connectionString.StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase))
                {
                    throw new OptionsValidationException("Database", typeof(DatabaseOptions),
                        ["Database:Provider=Postgres needs ConnectionStrings:Intake for PostgreSQL, e.g. Host=db.city.local;Database=chatintake;Username=chatintake;Password=…"]);
                }

                options.UseNpgsql(connectionString);
            }
            else
            {
                options.UseSqlite(configuration.GetConnectionString("Intake") ?? DefaultConnectionString)
                    .AddInterceptors(new SqlitePragmas(database.SqliteSynchronous));
            }

            // A hand-written migration without its [Migration] attribute would be skipped silently.
            options.ConfigureWarnings(w => w.Throw(RelationalEventId.MigrationAttributeMissingWarning));
        });
        builder.Services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<IntakeDbContext>>().CreateDbContext());
        builder.Services.AddSingleton<WriteGate>();
        builder.Services.AddHostedService<DatabaseInitializer>();
        builder.Services.AddHostedService<WalCheckpointer>();
        return builder;
    }
}
