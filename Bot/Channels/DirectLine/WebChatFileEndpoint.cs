using ChatIntake.Tickets;

namespace ChatIntake.Channels.DirectLine;

/// <summary>
/// GET /webchat/files/{id}/{expires}.{signature}: an upload for the chat that showed it, while its link is in time.
/// Staff see the same file through the panel's session-protected /admin/attachments, never through this link.
/// </summary>
public static class WebChatFileEndpoint
{
    public static async Task<IResult> GetAsync(string uploadId, string signature, WebChatFiles files, AttachmentStore store, TicketFiles ticketFiles, HttpResponse response, CancellationToken cancellationToken)
    {
        switch (files.Check(uploadId, signature))
        {
            case FileLinkState.Invalid:
                return Results.NotFound();
            case FileLinkState.Expired:
                return Results.StatusCode(StatusCodes.Status410Gone);
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
