using ChatIntake.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tickets.Search;

/// <summary>Runs after the database is migrated (registered after it): the search index and the counts, with their triggers.</summary>
internal sealed class TicketIndexesInitializer(IDbContextFactory<IntakeDbContext> contexts, ITicketSearch search, TicketCounts counts) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await search.EnsureIndexAsync(db, cancellationToken);
        await counts.EnsureAsync(db, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
