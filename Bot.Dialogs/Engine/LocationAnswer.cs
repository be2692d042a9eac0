namespace ChatIntake.Dialogs.Engine;

/// <summary>Either a point (shared location, coordinates) or an address the citizen typed.</summary>
public sealed record LocationAnswer(GeoPoint? Point, string? Address);
