using ChatIntake.Data;
using ChatIntake.Dialogs.Text;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Admin.Texts;

/// <summary>
/// Keeps this instance's text catalog in step with the TextOverrides table, so an administrator's edit on another
/// instance of the installation (or a text put back to its default, its row deleted) is used here within
/// <see cref="CheckEvery"/>. Each check reads only a marker (how many rows, and the sum of their edit times) and
/// compares it with the rows last laid over the catalog; the rows are read again only when it differs, or when this
/// process edited a text itself since.
/// </summary>
internal sealed class TextOverrideRefresher(IDbContextFactory<IntakeDbContext> contexts, TextCatalog catalog, TimeProvider time, ILogger<TextOverrideRefresher> logger)
    : BackgroundService
{
    public static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(2);

    private Marker? _loaded;
    private long _editsSeen;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckEvery, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await RefreshAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
                {
                    logger.LogWarning(ex, "Could not check the edited texts; checking again in {Interval}", CheckEvery);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        // Read first: an edit made here while the rows are read is noticed at the next check.
        var edits = catalog.Edits;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // A sum of edit times notices an edit even when the editing instance's clock is behind the newest row's.
        var stored = (await db.Database.SqlQuery<Marker>(
            $"""SELECT COUNT(*) AS "Rows", CAST(COALESCE(SUM("UpdatedAt"), 0) AS BIGINT) AS "EditedSum" FROM "TextOverrides" """).ToListAsync(cancellationToken))[0];
        if (stored == _loaded && edits == _editsSeen)
        {
            return;
        }

        var rows = await db.TextOverrides.AsNoTracking().Select(t => new { t.Key, t.Language, t.Text, t.UpdatedAt }).ToListAsync(cancellationToken);
        catalog.ReplaceOverrides([.. rows.Select(r => (r.Key, r.Language, r.Text))]);
        var loaded = new Marker(rows.Count, rows.Sum(r => r.UpdatedAt.ToUnixTimeMilliseconds()));
        if (_loaded is not null && loaded != _loaded)
        {
            logger.LogInformation("Edited texts changed in the database; {Count} edits are in use now", rows.Count);
        }

        // The marker of what was laid, not of what was asked before: a change in between is seen at the next check.
        _loaded = loaded;
        _editsSeen = edits;
    }

    private sealed record Marker(long Rows, long EditedSum);
}
