using Npgsql;

namespace ChatIntake.Channels.Telegram;

/// <summary>
/// This instance's turn to poll one bot (<see cref="PollerElection"/>): on PostgreSQL it lasts as long as the database
/// session holding the bot's advisory lock, which is checked every second; <see cref="Lost"/> fires when it ends.
/// Disposing ends the session and so frees the lock for an instance standing by.
/// </summary>
public sealed class PollingTurn : IAsyncDisposable
{
    private readonly NpgsqlConnection? _session;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watch = Task.CompletedTask;

    /// <summary>A turn no other process contends for: SQLite's single process.</summary>
    public PollingTurn()
    {
    }

    public PollingTurn(NpgsqlConnection session, TimeSpan checkEvery, TimeProvider time, Action<Exception> onLost)
    {
        _session = session;
        _watch = WatchAsync(checkEvery, time, onLost);
    }

    /// <summary>Cancelled when the session holding the lock is gone: another instance may be polling already.</summary>
    public CancellationToken Lost => _lost.Token;

    private async Task WatchAsync(TimeSpan checkEvery, TimeProvider time, Action<Exception> onLost)
    {
        try
        {
            while (true)
            {
                await Task.Delay(checkEvery, time, _stop.Token);
                await using var check = new NpgsqlCommand("SELECT 1", _session);
                await check.ExecuteScalarAsync(_stop.Token);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed.
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException or OperationCanceledException)
        {
            onLost(ex);
            await _lost.CancelAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _watch;
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }

        _stop.Dispose();
        _lost.Dispose();
    }
}
