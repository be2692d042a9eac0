using System.Collections.Concurrent;
using System.Threading.Channels;
using ChatIntake.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tickets;

/// <summary>
/// Copies citizens' photos (and other files) into the attachment store soon after a turn saved them: a messenger's
/// download links expire, and staff must still see the photo a month later. A file that cannot be had is given up
/// after a few attempts, with the reason kept for staff.
/// </summary>
public sealed class AttachmentDownloader(
    IEnumerable<IAttachmentSource> sources,
    IDbContextFactory<IntakeDbContext> contexts,
    AttachmentStore store,
    WriteGate writeGate,
    NewFilesSignal newFiles,
    TimeProvider time,
    ILogger<AttachmentDownloader> logger) : BackgroundService
{
    public const int MaxAttempts = 5;
    private const int BatchSize = 20;
    private static readonly TimeSpan LookEvery = TimeSpan.FromSeconds(30);

    // Busy intake commits many times a second; looking at most this often keeps the query off the writers' backs.
    private static readonly TimeSpan LookAtMostEvery = TimeSpan.FromSeconds(1);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentDictionary<long, DateTimeOffset> _notBefore = new();

    /// <summary>Raised after each attachment is stored or given up (tests wait on it).</summary>
    public event Action<long>? Settled;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var byChannel = sources.SelectMany(s => s.Channels.Select(c => (Channel: c, Source: s))).ToDictionary(x => x.Channel, x => x.Source);
        if (byChannel.Count == 0)
        {
            return;
        }

        newFiles.Raised += () => _wake.Writer.TryWrite(true);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await FetchDueAsync(byChannel, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Attachment downloads failed; trying again shortly");
            }

            await Task.Delay(LookAtMostEvery, time, stoppingToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            timeout.CancelAfter(LookEvery);
            try
            {
                await _wake.Reader.ReadAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                // Time to look again anyway: retries fall due without a new turn.
            }
        }
    }

    private async Task FetchDueAsync(IReadOnlyDictionary<string, IAttachmentSource> byChannel, CancellationToken cancellationToken)
    {
        var channels = byChannel.Keys.ToList();
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var now = time.GetUtcNow();
            var due = await db.Attachments.AsNoTracking()
                .Where(a => a.StoredPath == null && a.DownloadAttempts < MaxAttempts)
                // A field worker's photo comes from their own messenger, not the ticket's.
                .Join(db.Tickets, a => a.TicketId, t => t.Id, (a, t) => new { Attachment = a, Channel = a.Channel ?? t.Channel })
                .Where(x => channels.Contains(x.Channel))
                .OrderBy(x => x.Attachment.Id).Take(BatchSize * 4).ToListAsync(cancellationToken);
            var ready = due.Where(x => _notBefore.GetValueOrDefault(x.Attachment.Id) <= now).Take(BatchSize).ToList();
            foreach (var item in ready)
            {
                await FetchAsync(byChannel[item.Channel], item.Attachment, item.Channel, cancellationToken);
            }

            if (ready.Count < BatchSize)
            {
                return;
            }
        }
    }

    private async Task FetchAsync(IAttachmentSource source, Attachment attachment, string channel, CancellationToken cancellationToken)
    {
        try
        {
            var stored = await source.FetchAsync(attachment, channel, cancellationToken);
            // What the file is comes from its bytes, not from the label the citizen's messenger gave it.
            var type = store.FullPath(stored) is { } path ? await RasterImage.SniffFileAsync(path, cancellationToken) : null;
            await SaveAsync(attachment.Id, s => s.SetProperty(a => a.StoredPath, stored).SetProperty(a => a.DownloadError, (string?)null)
                .SetProperty(a => a.ContentType, type ?? "application/octet-stream"), cancellationToken);
            logger.LogInformation("Attachment {AttachmentId} of ticket {TicketId} stored", attachment.Id, attachment.TicketId);
        }
        catch (AttachmentUnavailableException ex)
        {
            logger.LogWarning("Attachment {AttachmentId} of ticket {TicketId} will not be downloaded: {Reason}", attachment.Id, attachment.TicketId, ex.Message);
            await SaveAsync(attachment.Id, s => s.SetProperty(a => a.DownloadAttempts, MaxAttempts).SetProperty(a => a.DownloadError, Truncate(ex.Message)), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var attempts = attachment.DownloadAttempts + 1;
            _notBefore[attachment.Id] = time.GetUtcNow() + TimeSpan.FromSeconds(10 * Math.Pow(3, attempts - 1));
            var error = $"{ex.GetType().Name}: {ex.Message}";
            logger.LogWarning("Attachment {AttachmentId} download failed (attempt {Attempt} of {MaxAttempts}): {Error}", attachment.Id, attempts, MaxAttempts, error);
            await SaveAsync(attachment.Id, s => s.SetProperty(a => a.DownloadAttempts, attempts).SetProperty(a => a.DownloadError, Truncate(error)), cancellationToken);
        }
    }

    private async Task SaveAsync(long id, Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<Attachment>> set, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            await db.Attachments.Where(a => a.Id == id).ExecuteUpdateAsync(set, cancellationToken);
        }

        _notBefore.TryRemove(id, out _);
        Settled?.Invoke(id);
    }

    private static string Truncate(string text) => text.Length > 500 ? text[..500] : text;
}
