namespace ChatIntake.Tickets;

/// <summary>
/// The picture types a browser may show inline: JPEG, PNG, WebP and GIF, recognised by their first bytes, never by
/// what the sender declared. Anything else (SVG, HTML, a "PNG" that is not one) is not a raster image.
/// </summary>
public static class RasterImage
{
    /// <summary>Bytes enough to recognise every allowed type.</summary>
    public const int HeadLength = 12;

    /// <summary>The content type of the image these first bytes begin, or null when they begin none of the allowed ones.</summary>
    public static string? Sniff(ReadOnlySpan<byte> head) => head switch
    {
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => "image/png",
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'7' or (byte)'9', (byte)'a', ..] => "image/gif",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => "image/webp",
        _ => null,
    };

    /// <summary>The type of the stored file at <paramref name="path"/>, sniffed from its first bytes.</summary>
    public static async Task<string?> SniffFileAsync(string path, CancellationToken cancellationToken)
    {
        var head = new byte[HeadLength];
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
        var read = await file.ReadAtLeastAsync(head, HeadLength, throwOnEndOfStream: false, cancellationToken);
        return Sniff(head.AsSpan(0, read));
    }

    /// <summary>The file extension kept for a sniffed type; ".bin" for anything that is not an allowed image.</summary>
    public static string Extension(string? type) => type switch
    {
        "image/jpeg" => ".jpg",
        "image/png" => ".png",
        "image/gif" => ".gif",
        "image/webp" => ".webp",
        _ => ".bin",
    };
}
