namespace ChatIntake.Tickets;

/// <summary>A person as one channel knows them (the same person on Telegram and Bale is two citizens).</summary>
public sealed class Citizen
{
    public long Id { get; set; }
    public required string Channel { get; set; }
    public required string ExternalUserId { get; set; }
    public string? Name { get; set; }
    public required string Language { get; set; }
    public string? Phone { get; set; }

    /// <summary>False once the channel said the bot can no longer write to them (e.g. Telegram 403: blocked).</summary>
    public bool Reachable { get; set; } = true;
    public string? UnreachableReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
