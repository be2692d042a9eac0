namespace ChatIntake.Conversations;

/// <summary>A chat with the bot and its persisted dialog stack.</summary>
public sealed class Conversation
{
    public long Id { get; set; }
    public required string Channel { get; set; }
    public required string ExternalChatId { get; set; }
    public long CitizenId { get; set; }
    public string? DialogState { get; set; }

    /// <summary>Concurrency token: a turn saved by another instance in between makes this save fail instead of losing it.</summary>
    public int Version { get; set; }
    public DateTimeOffset LastActivityAt { get; set; }

    /// <summary>When the citizen was last reminded of a report they left unfinished.</summary>
    public DateTimeOffset? NudgedAt { get; set; }

    public Tickets.Citizen? Citizen { get; set; }
}
