using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace ChatIntake.Open311;

/// <summary>
/// The media_url of a request in a GET answer: a link naming one attachment and an expiry, signed with the host's data
/// protection keys, so it works without a key but cannot be made up, widened to another photo or kept for ever.
/// </summary>
public sealed class MediaLinks(IDataProtectionProvider protection, IOptions<Open311Options> options, TimeProvider time)
{
    private readonly IDataProtector _protector = protection.CreateProtector("ChatIntake.Open311.MediaLink");

    public string Token(long attachmentId)
    {
        var expires = (time.GetUtcNow() + options.Value.MediaLinkLifetime).ToUnixTimeSeconds();
        return _protector.Protect(string.Create(CultureInfo.InvariantCulture, $"{attachmentId}|{expires}"));
    }

    /// <summary>The attachment a token names, or null for a token that is forged, damaged or expired.</summary>
    public long? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1000)
        {
            return null;
        }

        string payload;
        try
        {
            payload = _protector.Unprotect(token);
        }
        catch (CryptographicException)
        {
            return null;
        }

        return payload.Split('|') is [var id, var expires] &&
               long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var attachment) &&
               long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var until) &&
               time.GetUtcNow().ToUnixTimeSeconds() <= until
            ? attachment
            : null;
    }
}
