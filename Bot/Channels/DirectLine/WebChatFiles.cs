using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ChatIntake.Data;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatIntake.Channels.DirectLine;

/// <summary>
/// Files citizens upload in the web chat: kept in the attachment store under "webchat/", served back to the chat
/// by a signed link that expires (an image tag sends no token), and found again by staff through the ticket's
/// attachment. What a file is comes from its first bytes: the uploader's declared type is never kept or echoed.
/// </summary>
public sealed class WebChatFiles(IDbContextFactory<IntakeDbContext> contexts, AttachmentStore store, WriteGate writeGate, DirectLineTokens tokens, IOptions<DirectLineOptions> options, TimeProvider time)
{
    public long MaxBytes => options.Value.MaxUploadBytes;

    /// <summary>Stores one uploaded file; null when it is larger than <paramref name="limit"/> or <see cref="MaxBytes"/> (nothing is kept then).</summary>
    public async Task<WebChatUpload?> SaveAsync(string conversationId, Stream content, string? name, long limit, CancellationToken cancellationToken)
    {
        limit = Math.Min(limit, MaxBytes);
        var head = new byte[RasterImage.HeadLength];
        var headLength = 0;
        var id = DirectLineTokens.NewId("up-");
        var temporary = store.NewTemporaryFile();
        long size = 0;
        try
        {
            await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    if (headLength < head.Length)
                    {
                        var take = Math.Min(read, head.Length - headLength);
                        buffer.AsSpan(0, take).CopyTo(head.AsSpan(headLength));
                        headLength += take;
                    }

                    size += read;
                    if (size > limit)
                    {
                        return null;
                    }

                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }

            var type = RasterImage.Sniff(head.AsSpan(0, headLength));
            var stored = store.Keep(temporary, "webchat", id, RasterImage.Extension(type));
            var upload = new WebChatUpload
            {
                Id = id,
                ConversationId = conversationId,
                ContentType = type ?? "application/octet-stream",
                Name = name is null ? null : Path.GetFileName(name),
                Size = size,
                StoredPath = stored,
                CreatedAt = time.GetUtcNow(),
            };
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            using (await writeGate.EnterAsync(cancellationToken))
            {
                db.WebChatUploads.Add(upload);
                await db.SaveChangesAsync(cancellationToken);
            }

            return upload;
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    public async Task<WebChatUpload?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.WebChatUploads.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
    }

    /// <summary>Deletes uploads and their stored files (files first: a row without a file is harmless, a file without a row is lost).</summary>
    public async Task<int> DeleteAsync(IReadOnlyCollection<WebChatUpload> uploads, CancellationToken cancellationToken)
    {
        if (uploads.Count == 0)
        {
            return 0;
        }

        foreach (var upload in uploads)
        {
            if (store.FullPath(upload.StoredPath) is { } path && File.Exists(path))
            {
                File.Delete(path);
            }
        }

        var ids = uploads.Select(u => u.Id).ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            return await db.WebChatUploads.Where(u => ids.Contains(u.Id)).ExecuteDeleteAsync(cancellationToken);
        }
    }

    /// <summary>A link to the file that needs no token, only a signature over its id and the time it stops working.</summary>
    public string Url(string uploadId)
    {
        var expires = (time.GetUtcNow() + options.Value.FileLinkLifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"/webchat/files/{Uri.EscapeDataString(uploadId)}/{expires}.{Signature(uploadId, expires)}";
    }

    /// <summary>Whether the link's signature is ours, and if so whether it is still in time.</summary>
    public FileLinkState Check(string uploadId, string signature)
    {
        var dot = signature.IndexOf('.');
        if (dot <= 0 || !long.TryParse(signature.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return FileLinkState.Invalid;
        }

        var expected = Encoding.ASCII.GetBytes(Signature(uploadId, signature[..dot]));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature[(dot + 1)..])))
        {
            return FileLinkState.Invalid;
        }

        return expires > time.GetUtcNow().ToUnixTimeSeconds() ? FileLinkState.Valid : FileLinkState.Expired;
    }

    private string Signature(string uploadId, string expires) => tokens.Sign($"file:{uploadId}:{expires}");
}
