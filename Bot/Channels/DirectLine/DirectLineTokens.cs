using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ChatIntake.Tickets;
using Microsoft.Extensions.Options;

namespace ChatIntake.Channels.DirectLine;

/// <summary>
/// Signed tokens bound to one conversation: "payload.signature", both base64url, HMAC-SHA256 over the payload.
/// The key comes from configuration or is generated once and kept beside the database, so tokens survive a restart.
/// </summary>
public sealed class DirectLineTokens(IOptions<DirectLineOptions> options, AttachmentStore store, TimeProvider time, ILogger<DirectLineTokens> logger)
{
    private readonly Lazy<byte[]> _key = new(() => LoadKey(options.Value, store, logger));

    public TimeSpan Lifetime => options.Value.TokenLifetime;

    public string Issue(string conversationId, string userId)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Payload(conversationId, userId, (time.GetUtcNow() + Lifetime).ToUnixTimeSeconds()));
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(_key.Value, payload));
    }

    /// <summary>A short signature (128 bits, base64url) over <paramref name="text"/>, with the token key.</summary>
    public string Sign(string text) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(_key.Value, Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));

    /// <summary>The token's grant, or why it grants nothing.</summary>
    public (DirectLineToken? Token, string? Problem) Read(string? token)
    {
        var dot = token?.IndexOf('.') ?? -1;
        if (token is null || dot <= 0)
        {
            return (null, "invalid");
        }

        try
        {
            var payload = Base64Url.DecodeFromChars(token.AsSpan(0, dot));
            var signature = Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
            if (!CryptographicOperations.FixedTimeEquals(signature, HMACSHA256.HashData(_key.Value, payload)))
            {
                return (null, "invalid");
            }

            var read = JsonSerializer.Deserialize<Payload>(payload)!;
            var grant = new DirectLineToken(read.C, read.U, DateTimeOffset.FromUnixTimeSeconds(read.X));
            return grant.ExpiresAt <= time.GetUtcNow() ? (grant, "expired") : (grant, null);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
        {
            return (null, "invalid");
        }
    }

    /// <summary>Compares in constant time with each configured site secret.</summary>
    public bool IsSiteSecret(string? presented)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(presented ?? string.Empty));
        var match = false;
        foreach (var secret in options.Value.Secrets.Where(s => !string.IsNullOrEmpty(s)))
        {
            match |= CryptographicOperations.FixedTimeEquals(hash, SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
        }

        return match && !string.IsNullOrEmpty(presented);
    }

    /// <summary>A random id for a conversation, user or upload: 128 bits, URL-safe.</summary>
    public static string NewId(string prefix) => prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    private static byte[] LoadKey(DirectLineOptions settings, AttachmentStore store, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(settings.TokenSigningKey))
        {
            return Convert.FromBase64String(settings.TokenSigningKey);
        }

        var file = Path.Combine(Path.GetDirectoryName(store.Folder)!, "directline-token.key");
        if (File.Exists(file))
        {
            return Convert.FromBase64String(File.ReadAllText(file).Trim());
        }

        var key = RandomNumberGenerator.GetBytes(32);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, Convert.ToBase64String(key));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        logger.LogInformation("Generated the web chat token key at {File}; set DirectLine:TokenSigningKey to share one key between instances", file);
        return key;
    }

    private sealed record Payload(string C, string U, long X);
}
