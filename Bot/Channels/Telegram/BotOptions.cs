using System.ComponentModel.DataAnnotations;

namespace ChatIntake.Channels.Telegram;

/// <summary>
/// Configuration sections "Telegram" and "Bale" (the same shape: Bale's Bot API is Telegram's at another address).
/// Without a token the messenger is simply not connected.
/// </summary>
public sealed class BotOptions
{
    /// <summary>From BotFather (or Bale's @botfather): "123456:ABC-…". Secret: set it by environment variable or user-secrets, never in the file.</summary>
    [RegularExpression(@"^(\d{1,20}:[A-Za-z0-9_-]{1,200})?$", ErrorMessage = "{0} must look like 123456789:AAE…, as the messenger's BotFather gives it.")]
    public string BotToken { get; set; } = "";

    [Required]
    public string ApiBaseUrl { get; set; } = "https://api.telegram.org";

    /// <summary>Where files are downloaded from; the API base URL when empty.</summary>
    public string? FileBaseUrl { get; set; }

    public BotReceiveMode Mode { get; set; } = BotReceiveMode.Polling;

    /// <summary>Webhook mode: the public HTTPS address of this service, e.g. https://bot.city.example; "/webhooks/{bot}" is added.</summary>
    public string? PublicUrl { get; set; }

    /// <summary>Webhook mode: 1–256 characters of A–Z, a–z, 0–9, _ and -; the messenger sends it back with every update.</summary>
    [RegularExpression("^[A-Za-z0-9_-]{1,256}$", ErrorMessage = "{0} must be 1–256 characters of A-Z, a-z, 0-9, _ and -.")]
    public string? WebhookSecret { get; set; }

    /// <summary>For a messenger that cannot send the secret header (Bale): the secret becomes the webhook URL's last segment.</summary>
    public bool WebhookSecretInPath { get; set; }

    /// <summary>"HTML", or empty for a messenger without formatting (Bale): then text goes out exactly as written.</summary>
    [RegularExpression("^(HTML)?$", ErrorMessage = "{0} must be HTML or empty.")]
    public string ParseMode { get; set; } = "HTML";

    /// <summary>How long one getUpdates call may wait for news.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan PollTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The pause after an empty getUpdates answer that came back at once (a server that does not long-poll).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan IdlePause { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>One attempt of one call (getUpdates adds its poll timeout).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Retries of a call after a 5xx, a timeout or a dropped connection, with jittered exponential backoff.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(0.5);

    /// <summary>A 429 asking for at most this long is waited out in place; a longer one goes back to the outbox, which pauses the chat.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MaxInlineRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The Bot API serves downloads up to 20 MB.</summary>
    [Range(1, 20 * 1024 * 1024)]
    public long MaxDownloadBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Updates one chat may send in a minute (a minute's worth at once); beyond it the chat is told once to slow down and the rest is dropped.</summary>
    [Range(1, 100_000)]
    public int UpdatesPerMinutePerChat { get; set; } = 30;

    public bool IsConnected => !string.IsNullOrEmpty(BotToken);

    /// <summary>Why these settings cannot work, or null when they can; checked at start.</summary>
    public string? Problem(string section)
    {
        if (!IsHttpUrl(ApiBaseUrl) || (!string.IsNullOrEmpty(FileBaseUrl) && !IsHttpUrl(FileBaseUrl)))
        {
            return $"{section}:ApiBaseUrl and {section}:FileBaseUrl must be absolute http(s) addresses.";
        }

        if (Mode == BotReceiveMode.Webhook && IsConnected && (!IsHttpUrl(PublicUrl) || string.IsNullOrEmpty(WebhookSecret)))
        {
            return $"{section}:Mode is Webhook: set {section}:PublicUrl (this service's public HTTPS address) and {section}:WebhookSecret.";
        }

        return null;
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    public Uri FileBase() => new((string.IsNullOrEmpty(FileBaseUrl) ? ApiBaseUrl : FileBaseUrl).TrimEnd('/') + "/");
}
