namespace ChatIntake.Staff;

/// <summary>
/// Failed sign-ins for one user name from one address, kept alike whether the account exists or not. Only that
/// address waits, so someone elsewhere cannot lock a colleague out by guessing at their name.
/// </summary>
public sealed class SignInThrottle
{
    /// <summary>The user name as typed, trimmed and lower-cased (at most 64 characters).</summary>
    public required string UserName { get; set; }
    public required string Address { get; set; }
    public int Failures { get; set; }
    public DateTimeOffset LastFailureAt { get; set; }
    public DateTimeOffset? BlockedUntil { get; set; }
}
