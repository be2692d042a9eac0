using ChatIntake.Tests.Admin;

namespace ChatIntake.Tests.Open311;

/// <summary>The host with one client key from configuration and media from loopback allowed, and a picture server beside it.</summary>
public sealed class Open311Fixture : IAsyncLifetime
{
    public const string Key = "open311-configured-secret-for-tests-0123456789";
    public const int MaxMediaBytes = 4096;

    public AdminHost Host { get; } = AdminHost.With(new Dictionary<string, string?>
    {
        ["Open311:ApiKeys:0"] = "FixMyStreet:" + Key,
        ["Open311:AllowPrivateMediaHosts"] = "true",
        ["Open311:MaxMediaBytes"] = MaxMediaBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Open311:MediaTimeout"] = "00:00:05",
        ["Open311:RequestsPerMinute"] = "100000",
    });

    public MediaServer Media { get; private set; } = null!;

    public GeoReportClient Client() => new(Host.Bot.CreateClient());

    public async Task InitializeAsync()
    {
        await Host.InitializeAsync();
        Media = await MediaServer.StartAsync(MaxMediaBytes + 1);
        // A first answer from a cold server on a busy machine can take seconds: pay for it here, not inside a timed fetch.
        using var warm = new HttpClient();
        (await warm.GetAsync(Media.Url("/photo.png"))).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        await Media.DisposeAsync();
        await Host.DisposeAsync();
    }
}
