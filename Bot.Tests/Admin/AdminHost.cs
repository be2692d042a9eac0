using System.Net;
using ChatIntake.Admin.Staff;
using ChatIntake.Jobs;
using ChatIntake.Staff;
using ChatIntake.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatIntake.Tests.Admin;

/// <summary>
/// The real host with the admin panel, and intent methods: file a ticket as a citizen through the bot, create staff,
/// sign in. With <c>browser</c> it serves on a loopback port for Chromium.
/// </summary>
public sealed class AdminHost : IAsyncLifetime
{
    public const string AdminPassword = "admin-password-for-tests";
    public const string StaffPassword = "staff-password-for-tests";
    private static int _places;

    private readonly bool _browser;
    private readonly int _port;

    /// <summary>The class fixture: an in-memory server for HttpClient tests.</summary>
    public AdminHost() : this(browser: false)
    {
    }

    internal AdminHost(bool browser, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null, string? databaseFile = null, int port = 0)
    {
        _browser = browser;
        _port = port;
        Bot = new BotApplicationFactory(databaseFile, Settings(settings), services =>
        {
            services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, PeerAddress>();
            configureServices?.Invoke(services);
        });
    }

    public BotApplicationFactory Bot { get; }

    /// <summary>A host with these settings over the defaults.</summary>
    public static AdminHost With(IDictionary<string, string?> settings) => new(browser: false, settings);

    /// <summary>A host whose clock tests move forward by hand (<see cref="Clock"/>).</summary>

    public static AdminHost WithClock(IDictionary<string, string?>? settings = null)
    {
        var host = new AdminHost(browser: false, settings);
        host.Clock = host.Bot.Clock;
        return host;
    }

    public OffsetClock? Clock { get; private set; }

    public Uri Address { get; private set; } = new("http://localhost");

    public async Task InitializeAsync()
    {
        if (_browser)
        {
            Address = Bot.StartOnLoopback(_port);
        }
        else
        {
            _ = Bot.Services;
        }

        if (Clock is not null)
        {
            await StartRunDoneAsync();
        }
    }

    /// <summary>
    /// Once the follow-up job's run at the start is over. A test that moves the clock and runs the sweep itself waits
    /// for it: under load that run came after the test had moved the clock on, and did the sweep the test then counted.
    /// </summary>
    public Task StartRunDoneAsync() => Eventually.UntilAsync(
        async () => (await Bot.Service<JobRuns>().ListAsync(CancellationToken.None)).ContainsKey(FollowUpJob.Key.ToString()),
        "the follow-up job's run at the start");

    public async Task DisposeAsync() => await Bot.DisposeAsync();

    public Task<StaffMember> CreateStaffAsync(string userName, StaffRole role, string[]? departments = null, int[]? districts = null) =>
        Bot.Service<StaffAccounts>().CreateAsync(userName, userName + " (" + role + ")", StaffPassword, role, departments ?? [], districts ?? [], CancellationToken.None);

    public async Task<int> DistrictIdAsync(string code)
    {
        await using var db = Bot.CreateDbContext();
        return await db.Districts.Where(d => d.Code == code).Select(d => d.Id).SingleAsync();
    }

    /// <summary>A point in district D1 (or D2) that no earlier ticket used, so the bot's duplicate offer stays out of the way.</summary>
    public static (double Latitude, double Longitude) NewPlace(string district = "D1")
    {
        // A grid of 60 × 68 points about 65 m apart (beyond the 50 m duplicate radius) inside the district's box, used
        // round: the count runs over the whole test process, and a point past the box would land in another district
        // (a ticket that a district's staff then cannot see — intermittent failures late in a run).
        var n = (Interlocked.Increment(ref _places) - 1) % (60 * 68);
        var latitude = 35.702 + ((n % 60) * 0.0006);
        var longitude = (district == "D2" ? 51.41 : 51.345) + ((n / 60) * 0.0007);
        return (latitude, longitude);
    }

    /// <summary>A citizen reports a dark street light (or uncollected waste) through the bot, in their language; returns the ticket's id and tracking code.</summary>
    public async Task<(long Id, string Code, CitizenDriver Citizen)> FileTicketAsync(string chatId, string language = "en", string district = "D1", string? description = null, bool waste = false)
    {
        var citizen = Bot.Citizen(chatId, language);
        var fa = language == "fa";
        var (latitude, longitude) = NewPlace(district);
        await citizen.SaysAsync("/new");
        await citizen.PressesAsync(waste ? (fa ? "زباله" : "Waste") : fa ? "روشنایی" : "Light");
        await citizen.SharesLocationAsync(latitude, longitude);
        await citizen.SaysAsync(description ?? (fa ? "چراغ خیابان جلوی پلاک ۱۲ یک هفته است خاموش است." : "The street light in front of number 12 has been dark for a week."));
        await citizen.PressesAsync(fa ? "رد شدن" : "Skip");
        await citizen.PressesAsync(fa ? "ثبت گزارش" : "Submit");
        if (citizen.Buttons.Any(b => b.Contains(fa ? "فرق دارد" : "different", StringComparison.OrdinalIgnoreCase)))
        {
            await citizen.PressesAsync(fa ? "فرق دارد" : "different");
        }

        await using var db = Bot.CreateDbContext();
        var ticket = await db.Tickets.Where(t => t.Citizen!.ExternalUserId == "user-" + chatId).OrderByDescending(t => t.Id).FirstAsync();
        return (ticket.Id, ticket.TrackingCode, citizen);
    }

    public async Task<StaffClient> SignInAsync(string userName, string password = StaffPassword)
    {
        var client = NewClient();
        var response = await client.PostFormAsync("/admin/login", new() { ["userName"] = userName, ["password"] = password });
        // On a real socket the client follows the redirect itself and lands on the queue.
        var signedIn = response.StatusCode == HttpStatusCode.Redirect || response.RequestMessage?.RequestUri?.AbsolutePath == "/admin";
        Assert.True(signedIn, $"sign-in as {userName} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    public StaffClient NewClient() => new(Bot.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = Address }));

    /// <summary>A staff member's browser at another address (<see cref="PeerAddress"/>).</summary>
    public StaffClient NewClientFrom(string address)
    {
        var client = NewClient();
        client.Http.DefaultRequestHeaders.Add(PeerAddress.Header, address);
        return client;
    }

    private static Dictionary<string, string?> Settings(IDictionary<string, string?>? extra)
    {
        var all = new Dictionary<string, string?>
        {
            ["Admin:InitialPassword"] = AdminPassword,
            ["Admin:RefreshSeconds"] = "1",
            ["Admin:MaxFailedSignIns"] = "3",
            // Every test signs in from the same address, many times a minute.
            ["Admin:SignInsPerMinute"] = "10000",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return all;
    }
}
