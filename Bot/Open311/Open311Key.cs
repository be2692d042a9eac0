namespace ChatIntake.Open311;

/// <summary>An API key a client system uses to file requests; only its SHA-256 hash is kept, the key itself is shown once.</summary>
public sealed class Open311Key
{
    public int Id { get; set; }

    /// <summary>The client's name ("FixMyStreet"); its requests carry it as their channel (open311:fixmystreet).</summary>
    public required string Name { get; set; }

    /// <summary>Who answers for the client system (a person, a vendor, a department).</summary>
    public string? Owner { get; set; }

    /// <summary>Lower-case hex SHA-256 of the key: a leaked table gives no usable key.</summary>
    public required string Hash { get; set; }

    /// <summary>The key's first characters, so staff can tell keys apart without the key.</summary>
    public required string Prefix { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The staff member's user name who made it.</summary>
    public string? CreatedBy { get; set; }

    /// <summary>Last accepted use, kept to the minute (a write per request would be too many).</summary>
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
