namespace ChatIntake.Tickets;

/// <summary>Recognises a raster photo by its first bytes, whatever its name or declared type claims: PNG, JPEG, WebP or GIF.</summary>
public static class ImageSniffer
{
    /// <summary>The content type and file extension, or null when the bytes are not one of the four (an SVG, a PDF, a renamed program).</summary>
    public static (string ContentType, string Extension)? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return ("image/png", ".png");
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return ("image/jpeg", ".jpg");
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return ("image/webp", ".webp");
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return ("image/gif", ".gif");
        }

        return null;
    }
}
