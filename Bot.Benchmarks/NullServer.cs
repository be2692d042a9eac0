using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace ChatIntake.Benchmarks;

/// <summary>
/// Stands in for Kestrel: the benchmark drives the inbox directly, and a real server would bind a port
/// (and fail when another instance already holds it).
/// </summary>
internal sealed class NullServer : IServer
{
    public IFeatureCollection Features { get; } = new FeatureCollection();

    public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
        where TContext : notnull => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
    }
}
