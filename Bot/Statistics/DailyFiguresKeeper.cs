namespace ChatIntake.Statistics;

/// <summary>
/// Keeps the daily figures current: at start it creates their tables (before any page can read them) and rebuilds them
/// in the background when they were never built or were built for another calendar or other categories' departments;
/// then it folds new events in every <see cref="Interval"/> (and rebuilds at once when asked), so a page's own fold finds little left to do.
/// Once current after a start or rebuild it reads the whole months' cells ahead (<see cref="DailyFigures.WarmMonthsAsync"/>).
/// </summary>
internal sealed class DailyFiguresKeeper(DailyFigures figures, TimeProvider time, ILogger<DailyFiguresKeeper> logger) : IHostedService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    // Not disposed: it has no timer to release, and a host that failed to start may still be stopped after disposal.
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await figures.EnsureTablesAsync(cancellationToken);
        _loop = Task.Run(() => KeepAsync(_stopping.Token), CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await Task.WhenAny(_loop, Task.Delay(Timeout.Infinite, cancellationToken));
    }

    private async Task KeepAsync(CancellationToken cancellationToken)
    {
        var warm = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (!await figures.FoldAsync(cancellationToken))
                {
                    await figures.RebuildAsync(cancellationToken);
                    warm = false;
                }
                else if (!warm)
                {
                    // Once current after a start or a rebuild: the first long period asked then finds its whole months read.
                    var clock = System.Diagnostics.Stopwatch.StartNew();
                    var months = await figures.WarmMonthsAsync(cancellationToken);
                    warm = true;
                    logger.LogDebug("Daily figures: {Months} months' cells read ahead in {Ms} ms", months, clock.ElapsedMilliseconds);
                }

                await Task.WhenAny(Task.Delay(Interval, time, cancellationToken), figures.RebuildAsked);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Keeping the daily figures failed; the dashboard reads the tickets themselves until they are rebuilt");
                try
                {
                    await Task.Delay(Interval, time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
