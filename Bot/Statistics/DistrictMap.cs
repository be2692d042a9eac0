using System.Globalization;
using System.Text;
using ChatIntake.Tickets;
using Microsoft.AspNetCore.Html;
using NetTopologySuite.Geometries;

namespace ChatIntake.Statistics;

/// <summary>
/// The districts drawn as inline SVG in Web Mercator, shaded by a figure, with no tile server needed; given a tile URL,
/// the tiles lie underneath and the open tickets are drawn as clustered points.
/// </summary>
public static class DistrictMap
{
    private const int Width = 640, MaxHeight = 520, Margin = 16, TileSize = 256, ClusterCell = 44;

    public static IHtmlContent Render(string title, IReadOnlyList<MapArea> areas, IReadOnlyList<(double Latitude, double Longitude)> points, string? tileUrl, Func<int, string> shown)
    {
        var shapes = areas.Select(a => (Area: a, Shape: ServiceArea.ReadGeometry(a.Geometry))).ToList();
        if (shapes.Count == 0)
        {
            return SvgChart.Close(SvgChart.Open(title, 40, "map"));
        }

        var box = new Envelope();
        foreach (var (_, shape) in shapes)
        {
            box.ExpandToInclude(shape.EnvelopeInternal);
        }

        // World pixels at zoom 0 (256 wide); the scale is a whole zoom level when tiles are drawn, so they line up.
        var (minX, minY) = Project(box.MinY, box.MinX);
        var (maxX, maxY) = Project(box.MaxY, box.MaxX);
        var (spanX, spanY) = (Math.Max(maxX - minX, 1e-9), Math.Max(minY - maxY, 1e-9));
        var fit = Math.Min((Width - (2 * Margin)) / spanX, (MaxHeight - (2 * Margin)) / spanY);
        var tiles = !string.IsNullOrEmpty(tileUrl);
        var zoom = tiles ? Math.Clamp((int)Math.Floor(Math.Log2(fit)), 0, 19) : 0;
        var scale = tiles ? Math.Pow(2, zoom) : fit;
        var height = (int)Math.Ceiling((spanY * scale) + (2 * Margin));
        var originX = (minX * scale) - ((Width - (spanX * scale)) / 2);
        var originY = (maxY * scale) - Margin;
        (double X, double Y) At(double latitude, double longitude)
        {
            var (x, y) = Project(latitude, longitude);
            return ((x * scale) - originX, (y * scale) - originY);
        }

        var svg = SvgChart.Open(title, height, "map");
        if (tiles)
        {
            var count = 1 << zoom;
            for (var tx = (int)Math.Floor(originX / TileSize); tx * TileSize < originX + Width; tx++)
            {
                for (var ty = (int)Math.Floor(originY / TileSize); ty * TileSize < originY + height; ty++)
                {
                    if (tx < 0 || ty < 0 || tx >= count || ty >= count)
                    {
                        continue;
                    }

                    var url = tileUrl!.Replace("{z}", Invariant(zoom), StringComparison.Ordinal).Replace("{x}", Invariant(tx), StringComparison.Ordinal).Replace("{y}", Invariant(ty), StringComparison.Ordinal);
                    svg.Append(CultureInfo.InvariantCulture, $"<image class=\"tile\" href=\"{SvgChart.Encode(url)}\" x=\"{SvgChart.F((tx * TileSize) - originX)}\" y=\"{SvgChart.F((ty * TileSize) - originY)}\" width=\"{TileSize}\" height=\"{TileSize}\"/>");
                }
            }
        }

        foreach (var (area, shape) in shapes)
        {
            var path = new StringBuilder();
            foreach (var polygon in Polygons(shape))
            {
                foreach (var ring in new[] { polygon.ExteriorRing }.Concat(polygon.InteriorRings))
                {
                    for (var i = 0; i < ring.Coordinates.Length; i++)
                    {
                        var (x, y) = At(ring.Coordinates[i].Y, ring.Coordinates[i].X);
                        path.Append(i == 0 ? 'M' : 'L').Append(SvgChart.F(x)).Append(' ').Append(SvgChart.F(y));
                    }

                    path.Append('Z');
                }
            }

            var inside = shape.InteriorPoint.Coordinate;
            var (lx, ly) = At(inside.Y, inside.X);
            var band = area.Band < 0 ? "none" : Invariant(area.Band);
            if (area.Link is { } link)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<a href=\"{SvgChart.Encode(link)}\">");
            }

            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"district\" data-district=\"{SvgChart.Encode(area.Name)}\"><title>{SvgChart.Encode(area.Name)}: {SvgChart.Encode(area.Shown)}</title>");
            svg.Append(CultureInfo.InvariantCulture, $"<path class=\"area b-{band}{(tiles ? " over-tiles" : "")}\" d=\"{path}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"name\" x=\"{SvgChart.F(lx)}\" y=\"{SvgChart.F(ly - 4)}\" text-anchor=\"middle\">{SvgChart.Encode(area.Name)}</text>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"figure\" x=\"{SvgChart.F(lx)}\" y=\"{SvgChart.F(ly + 14)}\" text-anchor=\"middle\" direction=\"ltr\">{SvgChart.Encode(area.Shown)}</text></g>");
            if (area.Link is not null)
            {
                svg.Append("</a>");
            }
        }

        if (tiles)
        {
            // Open tickets gathered into cells a finger wide: one circle per cell, sized by how many it holds.
            var clusters = points.Select(p => At(p.Latitude, p.Longitude))
                .Where(p => p.X >= 0 && p.X <= Width && p.Y >= 0 && p.Y <= height)
                .GroupBy(p => ((int)(p.X / ClusterCell), (int)(p.Y / ClusterCell)));
            foreach (var cluster in clusters)
            {
                var n = cluster.Count();
                var (cx, cy) = (cluster.Average(p => p.X), cluster.Average(p => p.Y));
                var r = Math.Min(ClusterCell / 2.0, 6 + (3 * Math.Log2(n)));
                svg.Append(CultureInfo.InvariantCulture, $"<g class=\"cluster\" data-count=\"{n}\"><circle cx=\"{SvgChart.F(cx)}\" cy=\"{SvgChart.F(cy)}\" r=\"{SvgChart.F(r)}\"/>");
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{SvgChart.F(cx)}\" y=\"{SvgChart.F(cy + 4)}\" text-anchor=\"middle\">{SvgChart.Encode(shown(n))}</text></g>");
            }
        }

        return SvgChart.Close(svg);
    }

    /// <summary>Web Mercator at zoom 0: x and y in 0–256.</summary>
    private static (double X, double Y) Project(double latitude, double longitude)
    {
        var x = (longitude + 180.0) / 360.0 * TileSize;
        var radians = Math.Clamp(latitude, -85.05, 85.05) * Math.PI / 180.0;
        var y = (1.0 - (Math.Log(Math.Tan(radians) + (1.0 / Math.Cos(radians))) / Math.PI)) / 2.0 * TileSize;
        return (x, y);
    }

    private static IEnumerable<Polygon> Polygons(Geometry shape) => shape switch
    {
        Polygon polygon => [polygon],
        MultiPolygon many => many.Geometries.OfType<Polygon>(),
        _ => [],
    };

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
