namespace ChatIntake.Outbox;

/// <summary>What a channel says about one delivery attempt.</summary>
public abstract record SendResult
{
    public static SendResult Sent(string? externalMessageId = null) => new Delivered(externalMessageId);

    /// <summary>Worth trying again: a timeout, a 5xx, a dropped connection, or 429 with the wait it asked for.</summary>
    public static SendResult Retry(string error, TimeSpan? after = null) => new Transient(error, after);

    /// <summary>Never worth trying again; <paramref name="recipientUnreachable"/> when the citizen blocked the bot or left.</summary>
    public static SendResult Fail(string error, bool recipientUnreachable = false) => new Permanent(error, recipientUnreachable);

    public sealed record Delivered(string? ExternalMessageId) : SendResult;

    public sealed record Transient(string Error, TimeSpan? RetryAfter) : SendResult;

    public sealed record Permanent(string Error, bool RecipientUnreachable) : SendResult;
}
