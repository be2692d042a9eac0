namespace ChatIntake.Dialogs.Intake;

/// <summary>Where a point falls: inside the service area (and which district) or outside it.</summary>
public sealed record AreaLookup(bool InServiceArea, int? DistrictId, string? DistrictNameFa, string? DistrictNameEn)
{
    public static readonly AreaLookup Outside = new(false, null, null, null);
}
