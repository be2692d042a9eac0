using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace ChatIntake.Hosting;

public static class HostingExtensions
{
    /// <summary>Running behind a reverse proxy: the client's address and scheme come from the proxies named in "Proxy", and only from them.</summary>
    public static WebApplicationBuilder AddProxy(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ProxyOptions>().BindConfiguration("Proxy").ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ProxyOptions>, ProxyOptionsValidator>();
        builder.Services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((o, proxy) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The framework trusts loopback by default; here only what the operator names is trusted.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var address in proxy.Value.KnownProxies)
            {
                o.KnownProxies.Add(IPAddress.Parse(address.Trim()));
            }

            foreach (var network in proxy.Value.KnownNetworks)
            {
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network.Trim()));
            }

            // Walk back through every trusted hop (a load balancer in front of nginx), stopping at the first untrusted one.
            o.ForwardLimit = null;
        });
        return builder;
    }

    /// <summary>First in the pipeline, so per-address limits, the audit trail and Secure cookies see the real client.</summary>
    public static WebApplication UseProxy(this WebApplication app)
    {
        app.UseForwardedHeaders();
        return app;
    }
}
