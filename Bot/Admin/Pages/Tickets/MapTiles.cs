using System.Globalization;

namespace ChatIntake.Admin.Pages.Tickets;

/// <summary>
/// A 3×3 block of slippy-map tiles around a point, with the point's pixel position in it: an embedded map built from
/// plain images, so the panel needs no map library and no inline script.
/// </summary>
public sealed record MapTiles(double Latitude, double Longitude, IReadOnlyList<string> TileUrls, int MarkerLeft, int MarkerTop)
{
    public const int Zoom = 16;
    public const int TileSize = 256;

    public string OpenStreetMapLink => string.Create(CultureInfo.InvariantCulture,
        $"https://www.openstreetmap.org/?mlat={Latitude:0.######}&mlon={Longitude:0.######}#map=17/{Latitude:0.######}/{Longitude:0.######}");

    public static MapTiles Around(double latitude, double longitude, string? tileUrl)
    {
        var scale = 1 << Zoom;
        var x = (longitude + 180.0) / 360.0 * scale;
        var radians = latitude * Math.PI / 180.0;
        var y = (1.0 - (Math.Log(Math.Tan(radians) + (1.0 / Math.Cos(radians))) / Math.PI)) / 2.0 * scale;
        var (tileX, tileY) = ((int)Math.Floor(x), (int)Math.Floor(y));
        var urls = new List<string>();
        if (!string.IsNullOrEmpty(tileUrl))
        {
            for (var row = -1; row <= 1; row++)
            {
                for (var column = -1; column <= 1; column++)
                {
                    urls.Add(tileUrl.Replace("{z}", Zoom.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                        .Replace("{x}", (tileX + column).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                        .Replace("{y}", (tileY + row).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
                }
            }
        }

        return new MapTiles(latitude, longitude, urls, TileSize + (int)((x - tileX) * TileSize), TileSize + (int)((y - tileY) * TileSize));
    }
}
