using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ChatIntake.Admin;

/// <summary>Once the server listens, the log says where citizens chat and where staff sign in: full URLs from the server's own addresses.</summary>
internal sealed class FirstRunReport(IServer server, IHostApplicationLifetime lifetime, ILogger<FirstRunReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            foreach (var address in server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
            {
                var root = Reachable(address);
                logger.LogInformation("Citizens' web chat: {ChatUrl} — staff panel: {PanelUrl} — start page: {HomeUrl}", root + "/chat", root + "/admin", root + "/");
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A wildcard binding ("http://0.0.0.0:5000", "http://[::]:80", "http://+:80") is opened in a browser as localhost.</summary>
    internal static string Reachable(string address)
    {
        foreach (var wildcard in new[] { "://0.0.0.0", "://[::]", "://+", "://*" })
        {
            address = address.Replace(wildcard, "://localhost", StringComparison.Ordinal);
        }

        return address.TrimEnd('/');
    }
}
