using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChatIntake.Tickets;

/// <summary>Reads districts from a GeoJSON FeatureCollection: each feature a Polygon or MultiPolygon with code, name_fa, name_en.</summary>
public static class DistrictGeoJson
{
    public static List<District> Parse(string json)
    {
        var root = JsonNode.Parse(json) ?? throw new FormatException("The districts file is empty.");
        if (root["type"]?.GetValue<string>() != "FeatureCollection" || root["features"] is not JsonArray features)
        {
            throw new FormatException("The districts file must be a GeoJSON FeatureCollection.");
        }

        var districts = new List<District>();
        foreach (var feature in features.OfType<JsonObject>())
        {
            var geometry = feature["geometry"] as JsonObject;
            var type = geometry?["type"]?.GetValue<string>();
            if (type is not ("Polygon" or "MultiPolygon"))
            {
                throw new FormatException($"District feature {districts.Count + 1} has no Polygon or MultiPolygon geometry.");
            }

            var properties = feature["properties"] as JsonObject;
            var code = properties?["code"]?.GetValue<string>() ?? $"D{districts.Count + 1}";
            var polygon = geometry!.ToJsonString();
            ServiceArea.ReadGeometry(polygon); // fails here, with the district named, rather than at the first report
            districts.Add(new District
            {
                Code = code,
                NameFa = properties?["name_fa"]?.GetValue<string>() ?? code,
                NameEn = properties?["name_en"]?.GetValue<string>() ?? code,
                Polygon = polygon,
                Places = PlacesOf(properties),
            });
        }

        return districts;
    }

    /// <summary>The feature's neighbourhoods_fa and neighbourhoods_en arrays as one "|"-separated list, or null.</summary>
    private static string? PlacesOf(JsonObject? properties)
    {
        var names = new[] { "neighbourhoods_fa", "neighbourhoods_en" }
            .SelectMany(key => properties?[key] as JsonArray ?? [])
            .Select(n => n?.GetValue<string>().Replace('|', ' ').Trim())
            .Where(n => !string.IsNullOrEmpty(n))
            .ToList();
        return names.Count == 0 ? null : string.Join('|', names);
    }

    internal static double[] Position(JsonNode? node) =>
        node is JsonArray { Count: >= 2 } a ? [a[0]!.GetValue<double>(), a[1]!.GetValue<double>()] : throw new JsonException("A position needs longitude and latitude.");
}
