using System.Net;

namespace ChatIntake.Hosting;

/// <summary>
/// Configuration section "Proxy": the reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed.
/// Empty (the default) believes no one, so a client cannot claim another address or HTTPS by sending the headers itself.
/// </summary>
public sealed class ProxyOptions
{
    /// <summary>Addresses of trusted proxies, e.g. "10.0.0.5" or "::1".</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR form, e.g. "10.0.0.0/8".</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>Why these settings cannot work, or null when they can; checked at start.</summary>
    public string? Problem()
    {
        var badProxy = KnownProxies.FirstOrDefault(p => !IPAddress.TryParse(p.Trim(), out _));
        if (badProxy is not null)
        {
            return $"Proxy:KnownProxies has \"{badProxy}\", which is not an IP address (e.g. 10.0.0.5).";
        }

        var badNetwork = KnownNetworks.FirstOrDefault(n => !IPNetwork.TryParse(n.Trim(), out _));
        return badNetwork is null ? null : $"Proxy:KnownNetworks has \"{badNetwork}\", which is not a network in CIDR form (e.g. 10.0.0.0/8).";
    }
}
