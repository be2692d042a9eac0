using ChatIntake.Tickets;

namespace ChatIntake.Channels.Telegram;

/// <summary>Attachments of Telegram and Bale chats: getFile, then a download capped at the bot's limit.</summary>
public sealed class BotFileSource(MessengerBots bots, AttachmentStore store) : IAttachmentSource
{
    public IEnumerable<string> Channels => bots.Connected.Select(b => b.Name);

    public async Task<string> FetchAsync(Attachment attachment, string channel, CancellationToken cancellationToken)
    {
        var bot = bots.Find(channel) ?? throw new InvalidOperationException($"{channel} is not connected");
        var limit = bot.Options.MaxDownloadBytes;
        var temporary = store.NewTemporaryFile();
        try
        {
            var file = await bot.Client.GetFileAsync(attachment.ChannelFileId, cancellationToken);
            if (file.FileSize > limit)
            {
                throw new FileTooLargeException(file.FileSize.Value, limit);
            }

            if (string.IsNullOrEmpty(file.FilePath))
            {
                throw new AttachmentUnavailableException("the messenger no longer offers this file");
            }

            await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, useAsync: true))
            {
                await bot.Client.DownloadFileAsync(file.FilePath, stream, limit, cancellationToken);
            }

            return store.Keep(temporary, attachment.TicketId, attachment.Id, Extension(attachment, file.FilePath));
        }
        catch (FileTooLargeException ex)
        {
            throw new AttachmentUnavailableException(ex.Message, ex);
        }
        catch (BotApiException ex) when (ex.StatusCode == 400)
        {
            // "file is too big", "wrong file_id": asking again will not change the answer.
            throw new AttachmentUnavailableException(ex.Description, ex);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
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
}
