namespace ChatIntake.Open311;

/// <summary>The answer's format, chosen by the path's extension (services.xml, services.json).</summary>
public enum Open311Format
{
    Xml,
    Json,
}
