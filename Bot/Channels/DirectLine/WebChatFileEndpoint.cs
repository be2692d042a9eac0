using ChatIntake.Tickets;

namespace ChatIntake.Channels.DirectLine;

/// <summary>
/// GET /webchat/files/{id}/{expires}.{signature}: an upload for the chat that showed it, while its link is in time.
/// Staff see the same file through the panel's session-protected /admin/attachments, never through this link.
/// </summary>
public static class WebChatFileEndpoint
{
    public static async Task<IResult> GetAsync(string uploadId, string signature, WebChatFiles files, AttachmentStore store, TicketFiles ticketFiles, Privacy.CitizenDataExport dataCopies,
        HttpResponse response, CancellationToken cancellationToken)
    {
        switch (files.Check(uploadId, signature))
        {
            case FileLinkState.Invalid:
                return Results.NotFound();
            case FileLinkState.Expired:
                return Results.StatusCode(StatusCodes.Status410Gone);
        }

        if (Privacy.CitizenDataReference.TryParse(uploadId, out var citizenId))
        {
            // The citizen's /mydata copy, made now from what is held; nothing once they were erased.
            response.Headers.CacheControl = "no-store";
            return await dataCopies.JsonAsync(citizenId, cancellationToken) is { } copy
                ? Results.File(copy, "application/json; charset=utf-8", Privacy.CitizenDataReference.FileName)
                : Results.NotFound();
        }

        if (TicketFileReference.TryParse(uploadId, out _, out _))
        {
            // A photo staff sent the citizen (the after photo), served as safely as the citizen's own files.
            return await ticketFiles.FindAsync(uploadId, cancellationToken) is { StoredFile: { } kept } photo
                ? await CitizenFileResponse.ServeAsync(response, kept, photo.FileName, cancellationToken)
                : Results.NotFound();
        }

        if (await files.FindAsync(uploadId, cancellationToken) is not { } upload || store.FullPath(upload.StoredPath) is not { } path || !File.Exists(path))
        {
            return Results.NotFound();
        }

        return await CitizenFileResponse.ServeAsync(response, path, upload.Name, cancellationToken);
    }
}
