using System.ComponentModel.DataAnnotations;

namespace ChatIntake.Open311;

/// <summary>Configuration section "Open311": the GeoReport v2 endpoint other city systems read and file requests through.</summary>
public sealed class Open311Options
{
    /// <summary>GET methods answer without an api_key (the spec's default); false makes every method key-only.</summary>
    public bool PublicRead { get; set; } = true;

    /// <summary>Keys set by a deploy script (Open311__ApiKeys__0=client:secret): "name:secret", or a bare secret named config-N. At least 24 characters of secret.</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>Requests one key (or, without a key, one address) may make per minute.</summary>
    [Range(1, 100_000)]
    public int RequestsPerMinute { get; set; } = 60;

    /// <summary>The largest media_url file taken, like a messenger photo's download limit.</summary>
    [Range(1024, 50L * 1024 * 1024)]
    public long MaxMediaBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>How long fetching a media_url may take before the request is refused.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:02:00")]
    public TimeSpan MediaTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Lets media_url point at loopback and private networks (tests, an intranet photo server); off, to keep the server from being a proxy into them.</summary>
    public bool AllowPrivateMediaHosts { get; set; }

    /// <summary>How long a media_url link in a GET answer stays valid.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan MediaLinkLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The jurisdiction_id this endpoint answers for (e.g. city.example); empty accepts any, as a single-city endpoint may.</summary>
    [RegularExpression(@"^([a-z0-9-]+(\.[a-z0-9-]+)+)?$", ErrorMessage = "Open311:JurisdictionId must be a domain name such as city.example.")]
    public string? JurisdictionId { get; set; }

    /// <summary>Shown in the discovery document: whom other systems ask about the endpoint.</summary>
    [MaxLength(500)]
    public string Contact { get; set; } = "The city's 137 service desk";

    /// <summary>Shown in the discovery document: where a client gets a key.</summary>
    [MaxLength(500)]
    public string KeyService { get; set; } = "Ask the city's 137 administrators for a key (staff panel → Administration → Open311 keys).";
}
