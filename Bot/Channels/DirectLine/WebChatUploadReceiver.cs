using System.Text.Json.Nodes;
using Microsoft.Net.Http.Headers;

namespace ChatIntake.Channels.DirectLine;

/// <summary>
/// Reads POST upload: Web Chat's multipart form (the files, and an activity part capped like any activity) or one raw
/// file; keeps the files within the conversation's quota. On any refusal the files this request kept are deleted.
/// </summary>
public sealed class WebChatUploadReceiver(WebChatFiles files, WebChatUploadQuota quota)
{
    public async Task<UploadReceipt> ReceiveAsync(string conversationId, HttpRequest request, CancellationToken cancellationToken)
    {
        var allowance = await quota.AllowanceAsync(conversationId, cancellationToken);
        if (allowance.Files <= 0 || allowance.Bytes <= 0)
        {
            return UploadReceipt.Refused(quota.Refuse(request.HttpContext.Response, allowance));
        }

        var kept = new List<WebChatUpload>();
        var receipt = request.HasFormContentType
            ? await FromFormAsync(conversationId, request, allowance, kept, cancellationToken)
            : await FromBodyAsync(conversationId, request, allowance, kept, cancellationToken);
        if (receipt.Refusal is not null)
        {
            await files.DeleteAsync(kept, CancellationToken.None);
        }

        return receipt;
    }

    private async Task<UploadReceipt> FromFormAsync(string conversationId, HttpRequest request, UploadAllowance allowance, List<WebChatUpload> kept, CancellationToken cancellationToken)
    {
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            // The length was checked before reading: a form of known length that cannot be read is broken, not too big.
            return UploadReceipt.Refused(request.ContentLength is null
                ? DirectLineError.TooBig(files.MaxBytes)
                : DirectLineError.BadArgument("The upload is not a readable multipart form."));
        }

        // The activity first: a broken one refuses the upload before any file is kept.
        var activity = new JsonObject { ["type"] = "message" };
        foreach (var part in form.Files.Where(IsActivity))
        {
            if (part.Length > ActivityBody.MaxBytes)
            {
                return UploadReceipt.Refused(DirectLineError.TooBig(ActivityBody.MaxBytes));
            }

            var bytes = new byte[part.Length];
            await using (var stream = part.OpenReadStream())
            {
                await stream.ReadExactlyAsync(bytes, cancellationToken);
            }

            var (described, problem) = ActivityBody.Parse(bytes);
            if (described is null)
            {
                return UploadReceipt.Refused(DirectLineError.BadArgument("The upload's activity part: " + problem));
            }

            activity = described;
        }

        foreach (var part in form.Files.Where(p => !IsActivity(p)))
        {
            await using var content = part.OpenReadStream();
            if (part.Length > files.MaxBytes)
            {
                return UploadReceipt.Refused(DirectLineError.TooBig(files.MaxBytes));
            }

            if (await KeepAsync(conversationId, content, part.FileName, allowance, kept, request, cancellationToken) is { } refused)
            {
                return UploadReceipt.Refused(refused);
            }
        }

        return new UploadReceipt(activity, kept, kept.Count == 0 ? DirectLineError.BadArgument("The upload carried no file.") : null);
    }

    private async Task<UploadReceipt> FromBodyAsync(string conversationId, HttpRequest request, UploadAllowance allowance, List<WebChatUpload> kept, CancellationToken cancellationToken)
    {
        var name = ContentDispositionHeaderValue.TryParse(request.Headers.ContentDisposition.ToString(), out var disposition)
            ? disposition.FileNameStar.Value ?? disposition.FileName.Value?.Trim('"')
            : null;
        try
        {
            if (await KeepAsync(conversationId, request.Body, name, allowance, kept, request, cancellationToken) is { } refused)
            {
                return UploadReceipt.Refused(refused);
            }
        }
        catch (BadHttpRequestException)
        {
            return UploadReceipt.Refused(DirectLineError.TooBig(files.MaxBytes));
        }

        return new UploadReceipt(new JsonObject { ["type"] = "message" }, kept, null);
    }

    /// <summary>Keeps one file within what is left of the allowance; the refusal when it does not fit.</summary>
    private async Task<IResult?> KeepAsync(string conversationId, Stream content, string? name, UploadAllowance allowance, List<WebChatUpload> kept, HttpRequest request, CancellationToken cancellationToken)
    {
        var bytesLeft = allowance.Bytes - kept.Sum(u => u.Size);
        if (kept.Count >= allowance.Files || bytesLeft <= 0)
        {
            return quota.Refuse(request.HttpContext.Response, allowance);
        }

        if (await files.SaveAsync(conversationId, content, name, bytesLeft, cancellationToken) is not { } saved)
        {
            // Larger than the window has room for, but not larger than any file may be: wait, do not shrink it.
            return bytesLeft < files.MaxBytes ? quota.Refuse(request.HttpContext.Response, allowance) : DirectLineError.TooBig(files.MaxBytes);
        }

        kept.Add(saved);
        return null;
    }

    private static bool IsActivity(IFormFile part) =>
        part.ContentType?.StartsWith("application/vnd.microsoft.activity", StringComparison.OrdinalIgnoreCase) == true;
}
