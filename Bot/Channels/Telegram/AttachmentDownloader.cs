using System.Collections.Concurrent;
using System.Threading.Channels;
using ChatIntake.Conversations;
using ChatIntake.Data;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Channels.Telegram;

/// <summary>
/// Copies citizens' photos (and other files) from the messenger into the attachment store soon after a turn saved
/// them: the messenger's download links expire, staff must still see the photo a month later. Files over the limit
/// are refused; a file that cannot be had is given up after a few attempts, with the reason kept for staff.
/// </summary>
public sealed class AttachmentDownloader(
    MessengerBots bots,
    IDbContextFactory<IntakeDbContext> contexts,
    AttachmentStore store,
    WriteGate writeGate,
    TurnProcessor turns,
    TimeProvider time,
    ILogger<AttachmentDownloader> logger) : BackgroundService
{
    public const int MaxAttempts = 5;
    private const int BatchSize = 20;
    private static readonly TimeSpan LookEvery = TimeSpan.FromSeconds(30);
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentDictionary<long, DateTimeOffset> _notBefore = new();

    /// <summary>Raised after each attachment is stored or given up (tests wait on it).</summary>
    public event Action<long>? Settled;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var channels = bots.Connected.Select(b => b.Name).ToList();
        if (channels.Count == 0)
        {
            return;
        }

        turns.TurnsCommitted += _ => _wake.Writer.TryWrite(true);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DownloadDueAsync(channels, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Attachment downloads failed; trying again shortly");
            }

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

    private async Task DownloadDueAsync(IReadOnlyList<string> channels, CancellationToken cancellationToken)
    {
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var now = time.GetUtcNow();
            var due = await db.Attachments.AsNoTracking()
                .Where(a => a.StoredPath == null && a.DownloadAttempts < MaxAttempts)
                .Join(db.Tickets, a => a.TicketId, t => t.Id, (a, t) => new { Attachment = a, t.Channel })
                .Where(x => channels.Contains(x.Channel))
                .OrderBy(x => x.Attachment.Id).Take(BatchSize * 4).ToListAsync(cancellationToken);
            var ready = due.Where(x => _notBefore.GetValueOrDefault(x.Attachment.Id) <= now).Take(BatchSize).ToList();
            foreach (var item in ready)
            {
                await DownloadAsync(bots.Find(item.Channel)!, item.Attachment, cancellationToken);
            }

            if (ready.Count < BatchSize)
            {
                return;
            }
        }
    }

    private async Task DownloadAsync(MessengerBot bot, Attachment attachment, CancellationToken cancellationToken)
    {
        var limit = bot.Options.MaxDownloadBytes;
        string? temporary = null;
        try
        {
            var file = await bot.Client.GetFileAsync(attachment.ChannelFileId, cancellationToken);
            if (file.FileSize > limit)
            {
                throw new FileTooLargeException(file.FileSize.Value, limit);
            }

            if (string.IsNullOrEmpty(file.FilePath))
            {
                await GiveUpAsync(attachment, "the messenger no longer offers this file", cancellationToken);
                return;
            }

            temporary = store.NewTemporaryFile();
            await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, useAsync: true))
            {
                await bot.Client.DownloadFileAsync(file.FilePath, stream, limit, cancellationToken);
                await stream.FlushAsync(cancellationToken);
            }

            var stored = store.Keep(temporary, attachment.TicketId, attachment.Id, Extension(attachment, file.FilePath));
            temporary = null;
            await SaveAsync(attachment.Id, s => s.SetProperty(a => a.StoredPath, stored).SetProperty(a => a.DownloadError, (string?)null), cancellationToken);
            logger.LogInformation("Attachment {AttachmentId} of ticket {TicketId} stored", attachment.Id, attachment.TicketId);
        }
        catch (FileTooLargeException ex)
        {
            await GiveUpAsync(attachment, ex.Message, cancellationToken);
        }
        catch (BotApiException ex) when (ex.StatusCode == 400)
        {
            // "file is too big", "wrong file_id": asking again will not change the answer.
            await GiveUpAsync(attachment, ex.Description, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var attempts = attachment.DownloadAttempts + 1;
            _notBefore[attachment.Id] = time.GetUtcNow() + TimeSpan.FromSeconds(10 * Math.Pow(3, attempts - 1));
            logger.LogWarning("Attachment {AttachmentId} download failed (attempt {Attempt} of {MaxAttempts}): {Error}", attachment.Id, attempts, MaxAttempts, BotApiClient.Describe(ex));
            await SaveAsync(attachment.Id, s => s.SetProperty(a => a.DownloadAttempts, attempts).SetProperty(a => a.DownloadError, Truncate(BotApiClient.Describe(ex))), cancellationToken);
        }
        finally
        {
            if (temporary is not null && File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    private Task GiveUpAsync(Attachment attachment, string reason, CancellationToken cancellationToken)
    {
        logger.LogWarning("Attachment {AttachmentId} of ticket {TicketId} will not be downloaded: {Reason}", attachment.Id, attachment.TicketId, reason);
        return SaveAsync(attachment.Id, s => s.SetProperty(a => a.DownloadAttempts, MaxAttempts).SetProperty(a => a.DownloadError, Truncate(reason)), cancellationToken);
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

    private static string Extension(Attachment attachment, string filePath) =>
        Path.GetExtension(filePath) is { Length: > 1 and <= 6 } fromPath ? fromPath.ToLowerInvariant()
        : Path.GetExtension(attachment.FileName ?? string.Empty) is { Length: > 1 and <= 6 } fromName ? fromName.ToLowerInvariant()
        : attachment.ContentType switch
        {
            "image/jpeg" => ".jpg",
            "image/png" => ".png",
            "image/webp" => ".webp",
            "audio/ogg" => ".ogg",
            _ => ".bin",
        };

    private static string Truncate(string text) => text.Length > 500 ? text[..500] : text;
}
