using System.ComponentModel.DataAnnotations;

namespace ChatIntake.Outbox;

/// <summary>Configuration section "Outbox": delivery pace and retries. Telegram allows about 1 message a second per chat and 30 a second per bot.</summary>
public sealed class OutboxOptions
{
    [Range(0.01, 10_000)]
    public double PerChatPerSecond { get; set; } = 1;

    /// <summary>Short bursts a chat may take before the per-chat pace applies (a turn often sends two messages).</summary>
    [Range(1, 100)]
    public int PerChatBurst { get; set; } = 3;

    [Range(0.1, 100_000)]
    public double GlobalPerSecond { get; set; } = 30;

    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 8;

    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How many chats one dispatch round serves (a few messages each, chats awaiting a reply first).</summary>
    [Range(1, 5000)]
    public int BatchSize { get; set; } = 200;

    /// <summary>How often pending messages are looked for when nothing signals new ones.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
