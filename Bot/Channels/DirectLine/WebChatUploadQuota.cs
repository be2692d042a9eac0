using ChatIntake.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatIntake.Channels.DirectLine;

/// <summary>
/// Per conversation, at most DirectLine:UploadsPerWindow files and DirectLine:UploadBytesPerWindow bytes in any
/// DirectLine:UploadWindow. Counted from the uploads kept, so it holds across instances and restarts, and a token
/// refreshed or re-issued for the same conversation starts no new allowance.
/// </summary>
public sealed class WebChatUploadQuota(IDbContextFactory<IntakeDbContext> contexts, IOptions<DirectLineOptions> options, TimeProvider time)
{
    public async Task<UploadAllowance> AllowanceAsync(string conversationId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var since = now - settings.UploadWindow;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var recent = await db.WebChatUploads.AsNoTracking()
            .Where(u => u.ConversationId == conversationId && u.CreatedAt > since)
            .Select(u => new { u.Size, u.CreatedAt })
            .ToListAsync(cancellationToken);
        var retryAfter = recent.Count == 0 ? settings.UploadWindow : recent.Min(u => u.CreatedAt) + settings.UploadWindow - now;
        return new UploadAllowance(settings.UploadsPerWindow - recent.Count, settings.UploadBytesPerWindow - recent.Sum(u => u.Size),
            retryAfter < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : retryAfter);
    }

    /// <summary>Direct Line's error body with 429, and when to try again.</summary>
    public IResult Refuse(HttpResponse response, UploadAllowance allowance)
    {
        response.Headers.RetryAfter = ((long)Math.Ceiling(allowance.RetryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var settings = options.Value;
        return DirectLineError.Of(StatusCodes.Status429TooManyRequests, "TooManyRequests",
            $"A conversation may upload at most {settings.UploadsPerWindow} files and {settings.UploadBytesPerWindow} bytes in {settings.UploadWindow}; try again later.");
    }
}
