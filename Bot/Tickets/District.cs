namespace ChatIntake.Tickets;

public sealed class District
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string NameFa { get; set; }
    public required string NameEn { get; set; }

    /// <summary>Neighbourhood names, Persian and English, that a typed address may mention, separated by "|".</summary>
    public string? Places { get; set; }

    public IReadOnlyList<string> PlaceList => Places is null ? [] : Places.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The boundary as a GeoJSON geometry (Polygon or MultiPolygon, WGS84).</summary>
    public required string Polygon { get; set; }
}
