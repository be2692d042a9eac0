using System.Security.Cryptography;
using System.Text;
using ChatIntake.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatIntake.Open311;

/// <summary>
/// Makes, checks and revokes client keys. A key is random and only its hash is stored; keys from configuration are
/// checked by hash too, in constant time.
/// </summary>
public sealed class Open311Keys(IDbContextFactory<IntakeDbContext> contexts, IOptions<Open311Options> options, WriteGate writeGate, TimeProvider time, ILogger<Open311Keys> logger)
{
    public const int MinSecretLength = 24;
    private const string KeyStart = "o311_";

    private readonly Lazy<IReadOnlyList<(string Name, byte[] Hash)>> _configured = new(() => [.. options.Value.ApiKeys.Select(Configured).Where(k => k.Secret.Length > 0).Select(k => (k.Name, HashBytes(k.Secret)))]);

    /// <summary>Whether a configured entry ("name:secret" or a bare secret) has a long enough secret; used by start-up validation.</summary>
    public static bool IsValidConfigured(string entry) => Configured(entry, 0).Secret.Length >= MinSecretLength;

    /// <summary>A new key for <paramref name="name"/>: the stored row, and the key itself, to be shown once.</summary>
    public static (Open311Key Row, string Key) New(string name, string? owner, string? createdBy, DateTimeOffset now)
    {
        var key = KeyStart + Base64Url(RandomNumberGenerator.GetBytes(32));
        return (new Open311Key { Name = name, Owner = owner, Hash = Hash(key), Prefix = key[..(KeyStart.Length + 6)], CreatedAt = now, CreatedBy = createdBy }, key);
    }

    /// <summary>The client a key belongs to, or null for a missing, unknown or revoked key; notes when a stored key was last used.</summary>
    public async Task<Open311Client?> FindAsync(string? key, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 200)
        {
            return null;
        }

        var hash = HashBytes(key);
        foreach (var (name, configured) in _configured.Value)
        {
            if (CryptographicOperations.FixedTimeEquals(hash, configured))
            {
                return new Open311Client(name, null);
            }
        }

        var hex = Convert.ToHexStringLower(hash);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Open311Keys.AsNoTracking().FirstOrDefaultAsync(k => k.Hash == hex && k.RevokedAt == null, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (row.LastUsedAt is not { } last || now - last >= TimeSpan.FromMinutes(1))
        {
            using (await writeGate.EnterAsync(cancellationToken))
            {
                await db.Open311Keys.Where(k => k.Id == row.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), cancellationToken);
            }

            logger.LogDebug("Open311 key {KeyId} ({Client}) used", row.Id, row.Name);
        }

        return new Open311Client(row.Name, row.Id);
    }

    public static string Hash(string key) => Convert.ToHexStringLower(HashBytes(key));

    private static byte[] HashBytes(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private static (string Name, string Secret) Configured(string entry, int index)
    {
        var text = entry.Trim();
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 ? (text[..colon].Trim(), text[(colon + 1)..].Trim()) : ($"config-{index}", text);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
