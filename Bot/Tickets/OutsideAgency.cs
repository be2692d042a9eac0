namespace ChatIntake.Tickets;

/// <summary>
/// A body outside the municipality that some work needs (the water company before asphalt, the power company for a
/// pole): administrators keep the list, staff refer tickets to one and its time does not count against the city.
/// </summary>
public sealed class OutsideAgency
{
    public int Id { get; set; }
    public required string NameFa { get; set; }
    public required string NameEn { get; set; }

    /// <summary>Whom staff call or write to when chasing an answer: a desk, phone number or address, as administrators typed it.</summary>
    public string? Contact { get; set; }

    /// <summary>Inactive agencies keep their place in old threads but are no longer offered for referral.</summary>
    public bool IsActive { get; set; } = true;
}
