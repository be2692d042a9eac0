using ChatIntake.Tickets;
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
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration("Database").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<SeedOptions>().BindConfiguration("Seed").ValidateDataAnnotations().ValidateOnStart();

        var connectionString = builder.Configuration.GetConnectionString("Intake") ?? DefaultConnectionString;
        var database = builder.Configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        if (database.Provider != "Sqlite")
        {
            throw new OptionsValidationException("Database", typeof(DatabaseOptions), [$"Database:Provider '{database.Provider}' is not available in this build yet; use Sqlite."]);
        }

        builder.Services.AddPooledDbContextFactory<IntakeDbContext>(options => options
            .UseSqlite(connectionString)
            .AddInterceptors(new SqlitePragmas(database.SqliteSynchronous))
            // A hand-written migration without its [Migration] attribute would be skipped silently.
            .ConfigureWarnings(w => w.Throw(RelationalEventId.MigrationAttributeMissingWarning)));
        builder.Services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<IntakeDbContext>>().CreateDbContext());

        builder.Services.AddSingleton<CategoryCatalog>();
        builder.Services.AddSingleton<ServiceArea>();
        builder.Services.AddHostedService<DatabaseInitializer>();
        return builder;
    }
}
