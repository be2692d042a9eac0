using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using ChatIntake.Data;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatIntake.Channels.DirectLine;

/// <summary>
/// Files citizens upload in the web chat: kept in the attachment store under "webchat/", served back to the chat
/// by a signed link (an image tag sends no token), and found again by staff through the ticket's attachment.
/// </summary>
public sealed class WebChatFiles(IDbContextFactory<IntakeDbContext> contexts, AttachmentStore store, WriteGate writeGate, DirectLineTokens tokens, IOptions<DirectLineOptions> options, TimeProvider time)
{
    public long MaxBytes => options.Value.MaxUploadBytes;

    /// <summary>Stores one uploaded file; null when it is larger than allowed (nothing is kept then).</summary>
    public async Task<WebChatUpload?> SaveAsync(string conversationId, Stream content, string? contentType, string? name, CancellationToken cancellationToken)
    {
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
                    size += read;
                    if (size > MaxBytes)
                    {
                        return null;
                    }

                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }

            var extension = Path.GetExtension(name ?? string.Empty) is { Length: > 1 and <= 6 } ext ? ext.ToLowerInvariant() : ".bin";
            var stored = store.Keep(temporary, "webchat", id, extension);
            var upload = new WebChatUpload
            {
                Id = id,
                ConversationId = conversationId,
                ContentType = string.IsNullOrWhiteSpace(contentType) ? "application/octet-stream" : contentType,
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

    /// <summary>A link to the file that needs no token, only a signature over its id.</summary>
    public string Url(string uploadId) => $"/webchat/files/{Uri.EscapeDataString(uploadId)}/{Signature(uploadId)}";

    public bool IsSigned(string uploadId, string signature) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Signature(uploadId)), Encoding.ASCII.GetBytes(signature));

    private string Signature(string uploadId) => tokens.Sign("file:" + uploadId);
}
