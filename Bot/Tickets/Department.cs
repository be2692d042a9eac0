namespace ChatIntake.Tickets;

/// <summary>A unit of the municipality that works on tickets; tickets, categories and staff name it by its <see cref="Code"/>.</summary>
public sealed class Department
{
    public int Id { get; set; }

    /// <summary>The stable key stored on tickets, categories and staff accounts; never shown when a name exists.</summary>
    public required string Code { get; set; }
    public required string NameFa { get; set; }
    public required string NameEn { get; set; }

    /// <summary>The one district this department serves, if it is a district office; null means city-wide.</summary>
    public int? DistrictId { get; set; }
    public int SortOrder { get; set; }
}
