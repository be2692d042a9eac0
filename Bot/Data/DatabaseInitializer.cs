using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatIntake.Data;

/// <summary>
/// Runs first at start: WAL mode, migrations, seed data, then loads the category and district caches. On PostgreSQL
/// instances start one at a time: a session advisory lock taken here is held until every hosted service has started,
/// so migrations, seeding, the search index and the scheduler's own tables are each made by one instance.
/// </summary>
internal sealed class DatabaseInitializer(
    IDbContextFactory<IntakeDbContext> contexts,
    IOptions<SeedOptions> seed,
    IHostEnvironment environment,
    CategoryCatalog categories,
    DepartmentCatalog departments,
    ServiceArea serviceArea,
    ILogger<DatabaseInitializer> logger) : IHostedLifecycleService
{
    private const long StartLock = 7137000;
    private System.Data.Common.DbConnection? _startLock;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            _startLock = new Npgsql.NpgsqlConnection(db.Database.GetConnectionString());
            await _startLock.OpenAsync(cancellationToken);
            await using var take = _startLock.CreateCommand();
            take.CommandText = $"SELECT pg_advisory_lock({StartLock})";
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        await db.Database.MigrateAsync(cancellationToken);

        // Several instances may start at once on PostgreSQL: one seeds, the others wait and find the rows (released at commit).
        await using var seeding = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7137001)", cancellationToken);
        }


        if (!await db.Categories.AnyAsync(cancellationToken))
        {
            var order = 0;
            foreach (var c in seed.Value.Categories)
            {
                db.Categories.Add(new Category
                {
                    Code = c.Code, NameFa = c.NameFa, NameEn = c.NameEn, Department = c.Department,
                    ResponseHours = c.ResponseHours, ResolutionHours = c.ResolutionHours,
                    KeywordsFa = string.Join('|', c.KeywordsFa), KeywordsEn = string.Join('|', c.KeywordsEn),
                    PhotoRequired = c.PhotoRequired, SortOrder = order++,
                });
            }

            logger.LogInformation("Seeded {Count} categories from configuration", seed.Value.Categories.Count);
        }

        var districtsFile = Path.Combine(environment.ContentRootPath, seed.Value.DistrictsFile);
        if (!File.Exists(districtsFile))
        {
            districtsFile = Path.Combine(AppContext.BaseDirectory, seed.Value.DistrictsFile);
        }

        if (!await db.Districts.AnyAsync(cancellationToken))
        {
            var districts = DistrictGeoJson.Parse(await File.ReadAllTextAsync(districtsFile, cancellationToken));
            db.Districts.AddRange(districts);
            logger.LogInformation("Seeded {Count} districts from {File}", districts.Count, districtsFile);
        }
        else if (File.Exists(districtsFile) && !await db.Districts.AnyAsync(d => d.Places != null, cancellationToken))
        {
            // Districts seeded before they had neighbourhoods get them from the file, matched by code; nothing else changes.
            var places = DistrictGeoJson.Parse(await File.ReadAllTextAsync(districtsFile, cancellationToken)).ToDictionary(d => d.Code, d => d.Places);
            foreach (var district in await db.Districts.ToListAsync(cancellationToken))
            {
                district.Places = places.GetValueOrDefault(district.Code);
            }

            logger.LogInformation("Added neighbourhood names to the districts from {File}", districtsFile);
        }

        await db.SaveChangesAsync(cancellationToken);
        await SeedDepartmentsAsync(db, cancellationToken);
        await seeding.CommitAsync(cancellationToken);
        await categories.ReloadAsync(db, cancellationToken);
        await departments.ReloadAsync(db, cancellationToken);
        await serviceArea.ReloadAsync(db, cancellationToken);
    }

    /// <summary>Every department a category names gets a row (named from Seed:Departments, else by its code), once; edits on the departments page stay.</summary>
    private async Task SeedDepartmentsAsync(IntakeDbContext db, CancellationToken cancellationToken)
    {
        var known = (await db.Departments.Select(d => d.Code).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var named = await db.Categories.Select(c => c.Department).Distinct().ToListAsync(cancellationToken);
        var order = known.Count;
        var added = 0;
        foreach (var code in seed.Value.Departments.Select(d => d.Code).Concat(named).Where(c => !string.IsNullOrWhiteSpace(c)).Distinct(StringComparer.Ordinal))
        {
            if (known.Add(code))
            {
                var names = seed.Value.Departments.FirstOrDefault(d => d.Code == code);
                db.Departments.Add(new Department { Code = code, NameFa = names?.NameFa is { Length: > 0 } fa ? fa : code, NameEn = names?.NameEn is { Length: > 0 } en ? en : code, SortOrder = order++ });
                added++;
            }
        }

        if (added > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Seeded {Count} departments", added);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Every hosted service has started (the scheduler has its tables): the next instance may start.</summary>
    public Task StartedAsync(CancellationToken cancellationToken) => ReleaseStartLockAsync();

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A start that failed midway lets the next instance start too.</summary>
    public Task StoppedAsync(CancellationToken cancellationToken) => ReleaseStartLockAsync();

    private async Task ReleaseStartLockAsync()
    {
        if (_startLock is null)
        {
            return;
        }

        // Unlocked explicitly: a pooled connection keeps its session (and the lock) while it waits in the pool.
        await using (var release = _startLock.CreateCommand())
        {
            release.CommandText = $"SELECT pg_advisory_unlock({StartLock})";
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }

        await _startLock.DisposeAsync();
        _startLock = null;
    }
}
