using ChatIntake.Dialogs.Engine;

namespace ChatIntake.Tickets;

/// <summary>
/// Keeps a photo staff upload on the ticket page in the attachment store, as citizens' photos are kept. Only a raster
/// photo is taken (recognised by its bytes, not its name), at most <see cref="MaxBytes"/>, the most a messenger takes in a photo.
/// </summary>
public sealed class AfterPhotoUpload(AttachmentStore store, TimeProvider time)
{
    /// <summary>What a panel upload's <see cref="Attachment.ChannelFileId"/> starts with: it belongs to no messenger.</summary>
    public const string FileIdPrefix = "panel-";

    public const long MaxBytes = 10 * 1024 * 1024;

    /// <summary>The stored photo as a new attachment, or why it was refused ("empty", "tooLarge", "notImage"); nothing is kept when refused.</summary>
    public async Task<(Attachment? Photo, string? Problem)> SaveAsync(long ticketId, Stream content, string? fileName, CancellationToken cancellationToken)
    {
        var temporary = store.NewTemporaryFile();
        try
        {
            var head = new byte[16];
            var headLength = 0;
            long size = 0;
            await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    if (headLength < head.Length)
                    {
                        var take = Math.Min(head.Length - headLength, read);
                        buffer.AsSpan(0, take).CopyTo(head.AsSpan(headLength));
                        headLength += take;
                    }

                    size += read;
                    if (size > MaxBytes)
                    {
                        return (null, "tooLarge");
                    }

                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }

            if (size == 0)
            {
                return (null, "empty");
            }

            if (RasterImage.Sniff(head.AsSpan(0, headLength)) is not { } contentType)
            {
                return (null, "notImage");
            }

            var extension = RasterImage.Extension(contentType);

            var id = FileIdPrefix + Guid.NewGuid().ToString("N");
            var stored = store.Keep(temporary, ticketId.ToString(System.Globalization.CultureInfo.InvariantCulture), id, extension);
            return (new Attachment
            {
                TicketId = ticketId,
                ChannelFileId = id,
                Kind = AttachmentKinds.Photo,
                ContentType = contentType,
                Size = size,
                FileName = string.IsNullOrWhiteSpace(fileName) ? null : Path.GetFileName(fileName),
                StoredPath = stored,
                CreatedAt = time.GetUtcNow(),
            }, null);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
