namespace ChatIntake.Outbox;

/// <summary>A messenger the outbox can deliver to (Telegram, Bale, the web chat, or an in-process channel in tests).</summary>
public interface IChannel
{
    /// <summary>The name stored on conversations and outbox rows, e.g. "telegram".</summary>
    string Name { get; }

    /// <summary>False for the anonymous web chat: no map to share a pin from, no account a staff member could link.</summary>
    bool IsMessenger => true;

    Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken);
}
