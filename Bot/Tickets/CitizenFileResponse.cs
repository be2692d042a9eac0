namespace ChatIntake.Tickets;

/// <summary>
/// How every file a citizen sent is served, to staff and back to the chat: an allowed raster image (sniffed from the
/// file itself) inline as its true type, anything else as a download; always under a policy that lets nothing in it
/// run, so even a file that fooled the sniffer cannot act as a page of the product.
/// </summary>
public static class CitizenFileResponse
{
    public const string Policy = "default-src 'none'; sandbox";

    public static async Task<IResult> ServeAsync(HttpResponse response, string path, string? downloadName, CancellationToken cancellationToken)
    {
        var image = await RasterImage.SniffFileAsync(path, cancellationToken);
        var headers = response.Headers;
        headers.ContentSecurityPolicy = Policy;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "private, no-cache";
        return image is not null
            ? Results.File(path, image)
            : Results.File(path, "application/octet-stream", string.IsNullOrWhiteSpace(downloadName) ? "file" + RasterImage.Extension(null) : downloadName);
    }
}
