using System.Text.Json.Nodes;
using ChatIntake.Data;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Intake;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace ChatIntake.Tickets;

/// <summary>The city's districts as prepared polygons: which district a point is in, or that it is outside the service area.</summary>
public sealed class ServiceArea
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);
    private volatile IReadOnlyList<(District District, IPreparedGeometry Shape)> _districts = [];

    public IReadOnlyList<District> Districts => [.. _districts.Select(d => d.District)];

    public async Task ReloadAsync(IntakeDbContext db, CancellationToken cancellationToken)
    {
        var districts = await db.Districts.AsNoTracking().OrderBy(d => d.Id).ToListAsync(cancellationToken);
        _districts = [.. districts.Select(d => (d, PreparedGeometryFactory.Prepare(ReadGeometry(d.Polygon))))];
    }

    public AreaLookup Locate(GeoPoint point)
    {
        if (!point.IsValid)
        {
            return AreaLookup.Outside;
        }

        var location = Factory.CreatePoint(new Coordinate(point.Longitude, point.Latitude));
        foreach (var (district, shape) in _districts)
        {
            if (shape.Covers(location))
            {
                return new AreaLookup(true, district.Id, district.NameFa, district.NameEn);
            }
        }

        return AreaLookup.Outside;
    }

    /// <summary>The middle of all districts' bounds (where a map opens before a point is chosen); null without districts.</summary>
    public GeoPoint? Centre
    {
        get
        {
            var all = _districts;
            if (all.Count == 0)
            {
                return null;
            }

            var bounds = new Envelope();
            foreach (var (_, shape) in all)
            {
                bounds.ExpandToInclude(shape.Geometry.EnvelopeInternal);
            }

            return new GeoPoint(bounds.Centre.Y, bounds.Centre.X);
        }
    }

    public District? Find(int? id) => id is null ? null : _districts.FirstOrDefault(d => d.District.Id == id).District;

    /// <summary>A GeoJSON Polygon or MultiPolygon geometry as an NTS geometry.</summary>
    public static Geometry ReadGeometry(string geoJson)
    {
        var node = JsonNode.Parse(geoJson) ?? throw new FormatException("Empty geometry.");
        var coordinates = node["coordinates"] as JsonArray ?? throw new FormatException("A geometry needs coordinates.");
        return node["type"]?.GetValue<string>() switch
        {
            "Polygon" => ReadPolygon(coordinates),
            "MultiPolygon" => Factory.CreateMultiPolygon([.. coordinates.Select(p => ReadPolygon((JsonArray)p!))]),
            var other => throw new FormatException($"Unsupported geometry type '{other}'."),
        };
    }

    private static Polygon ReadPolygon(JsonArray rings)
    {
        var linear = rings.Select(ring => Factory.CreateLinearRing([.. ((JsonArray)ring!).Select(p =>
        {
            var position = DistrictGeoJson.Position(p);
            return new Coordinate(position[0], position[1]);
        })])).ToList();
        var polygon = Factory.CreatePolygon(linear[0], [.. linear.Skip(1)]);
        return polygon.IsValid ? polygon : throw new FormatException("A district polygon is not valid (self-intersecting or unclosed).");
    }
}
