using System.Net;
using ChatIntake.Dialogs.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ChatIntake.Tests.Admin;

/// <summary>
/// A panel whose Admin:MapTileUrl points at a tile server of the test's own on loopback (every tile one small PNG, each
/// request counted), with its own text catalog so edits stay here; and Chromium to drive it.
/// </summary>
public sealed class MapPanelFixture : IAsyncLifetime
{
    // A 1×1 grey PNG: Leaflet stretches it to the tile's size.
    private static readonly byte[] Tile = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGO4BwAA6gDp2R2eLwAAAABJRU5ErkJggg==");
    private WebApplication? _tiles;
    private int _tilesServed;

    public BrowserFixture Browser { get; private set; } = null!;

    public int TilesServed => Volatile.Read(ref _tilesServed);

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _tiles = builder.Build();
        _tiles.MapGet("/tiles/{z:int}/{x:int}/{y:int}.png", () =>
        {
            Interlocked.Increment(ref _tilesServed);
            return Results.Bytes(Tile, "image/png");
        });
        await _tiles.StartAsync();
        var tileUrl = _tiles.Urls.First().TrimEnd('/') + "/tiles/{z}/{x}/{y}.png";
        Browser = new BrowserFixture(new AdminHost(browser: true, new Dictionary<string, string?> { ["Admin:MapTileUrl"] = tileUrl },
            services => services.AddSingleton(new TextCatalog())));
        await Browser.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        if (_tiles is not null)
        {
            await _tiles.DisposeAsync();
        }
    }
}
