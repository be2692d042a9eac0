namespace ChatIntake.Staff;

/// <summary>One signed-in browser of a staff member; its cookie names it, and sign-out deletes it, so a copied cookie dies with it.</summary>
public sealed class StaffSession
{
    /// <summary>64 random hex characters, carried in the cookie's claims.</summary>
    public required string Id { get; set; }
    public long StaffId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
