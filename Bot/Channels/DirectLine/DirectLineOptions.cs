using System.ComponentModel.DataAnnotations;

namespace ChatIntake.Channels.DirectLine;

/// <summary>Configuration section "DirectLine": the web chat's Direct Line 3.0 endpoints.</summary>
public sealed class DirectLineOptions
{
    /// <summary>
    /// Secrets the city's own web servers use to mint tokens (POST /v3/directline/tokens/generate). Empty: only the
    /// built-in /chat page makes conversations. Keep them out of files, like bot tokens.
    /// </summary>
    public List<string> Secrets { get; set; } = [];

    /// <summary>Base64 HMAC key for tokens. Empty: a key generated once and kept beside the database.</summary>
    public string? TokenSigningKey { get; set; }

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    [Range(1024, 20 * 1024 * 1024)]
    public long MaxUploadBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Activities one conversation may post in a minute (a minute's worth at once); beyond it 429 with Retry-After.</summary>
    [Range(1, 100_000)]
    public int PostsPerMinutePerConversation { get; set; } = 30;

    /// <summary>Activities one client address may post in a minute across its conversations (offices share an address behind NAT).</summary>
    [Range(1, 1_000_000)]
    public int PostsPerMinutePerAddress { get; set; } = 120;

    [Range(1, 10_000)]
    public int UploadsPerMinutePerConversation { get; set; } = 10;

    [Range(1, 100_000)]
    public int UploadsPerMinutePerAddress { get; set; } = 30;

    /// <summary>How long a file link given to the chat works (/webchat/files/…); staff see files through the panel instead.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan FileLinkLifetime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Files one conversation may upload within <see cref="UploadWindow"/>; the next is answered 429.</summary>
    [Range(1, 1_000_000)]
    public int UploadsPerWindow { get; set; } = 20;

    /// <summary>Bytes one conversation may upload within <see cref="UploadWindow"/>.</summary>
    [Range(1024, 10L * 1024 * 1024 * 1024)]
    public long UploadBytesPerWindow { get; set; } = 50 * 1024 * 1024;

    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan UploadWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Uploads no ticket took (a report abandoned, a stray file) are deleted, with their files, this long after upload.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan KeepUnattachedUploadsFor { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Conversations idle this long are deleted with their activity logs (the citizen's tickets and the files on them
    /// stay; a reply to such a chat is recorded as undeliverable).
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan KeepIdleConversationsFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long a browser stays the same web-chat citizen after its last visit (its signed cookie's lifetime).</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan IdentityLifetime { get; set; } = TimeSpan.FromDays(365);

    /// <summary>A web-chat citizen whose page has not read the chat for longer than this is shown to staff as maybe never reading a reply.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan ReachableFor { get; set; } = TimeSpan.FromDays(3);

    /// <summary>Sites that may embed /chat in a frame or call the endpoints from their pages (e.g. https://www.city.example).</summary>
    public List<string> AllowedOrigins { get; set; } = [];
}
