namespace ChatIntake.Tickets;

public sealed class District
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string NameFa { get; set; }
    public required string NameEn { get; set; }

    /// <summary>The boundary as a GeoJSON geometry (Polygon or MultiPolygon, WGS84).</summary>
    public required string Polygon { get; set; }
}
