namespace ChatIntake.Statistics;

/// <summary>A district on the map: its GeoJSON boundary, its shade band (0 best – 4 worst, or -1 for nothing measured), the figure shown and its link.</summary>
public sealed record MapArea(string Name, string Geometry, int Band, string Shown, string? Link);
