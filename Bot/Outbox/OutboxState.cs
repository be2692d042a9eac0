namespace ChatIntake.Outbox;

public enum OutboxState
{
    Pending = 0,
    Sent = 1,
    /// <summary>Given up: a permanent error, or too many attempts. Staff see it on the ticket.</summary>
    Failed = 2,
}
