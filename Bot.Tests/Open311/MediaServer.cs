using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatIntake.Tests.Open311;

/// <summary>Another city system's picture server on a loopback port: a real PNG, an HTML page, a file too large and one that never answers.</summary>
public sealed class MediaServer : IAsyncDisposable
{
    /// <summary>A 1×1 PNG.</summary>
    public static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private readonly WebApplication _app;

    private MediaServer(WebApplication app, Uri address) => (_app, Address) = (app, address);

    public Uri Address { get; }

    public Uri Url(string path) => new(Address, path);

    /// <summary>Serves <see cref="Png"/> at /photo.png, HTML at /page.html, <paramref name="bigBytes"/> of PNG-headed bytes at /big.png, and /slow.png waits until the caller hangs up.</summary>
    public static async Task<MediaServer> StartAsync(int bigBytes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/photo.png", () => Results.Bytes(Png, "image/png"));
        app.MapGet("/page.html", () => Results.Text("<html><body><script>alert(1)</script></body></html>", "text/html"));
        app.MapGet("/disguised.png", () => Results.Text("<svg xmlns=\"http://www.w3.org/2000/svg\"/>", "image/png"));
        app.MapGet("/big.png", () => Results.Bytes([.. Png, .. new byte[bigBytes]], "image/png"));
        app.MapGet("/slow.png", async (HttpContext context) =>
        {
            // Holds the answer until the fetcher gives up and closes the connection.
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return Results.Empty;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new MediaServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
