using ChatIntake.Tests.Admin;
using Microsoft.Playwright;

namespace ChatIntake.Tests.Channels.DirectLine;

/// <summary>
/// One headless Debian Chromium and one host on a loopback port (surveys asked as soon as the sweep runs) for web-chat
/// citizen tests; each page is a fresh browser profile unless it is opened in another's context (a second tab).
/// </summary>
public sealed class WebChatBrowser : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public AdminHost Host { get; } = new(browser: true, Settings);

    public static Dictionary<string, string?> Settings => new()
    {
        ["FollowUps:SurveyAfter"] = "00:00:00",
        ["FollowUps:Interval"] = "01:00:00",
    };

    public async Task InitializeAsync()
    {
        await Host.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = BrowserFixture.Chromium, Headless = true });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        await Host.DisposeAsync();
    }

    /// <summary>A fresh profile in the browser's <paramref name="locale"/>, at <paramref name="place"/> when it may share its location.</summary>
    public async Task<IBrowserContext> ProfileAsync(Uri address, string locale = "fa-IR", bool phone = false, (double Latitude, double Longitude)? place = null)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = address.ToString().TrimEnd('/'),
            Locale = locale,
            ViewportSize = phone ? new() { Width = 390, Height = 844 } : new() { Width = 1280, Height = 860 },
            IsMobile = phone,
            HasTouch = phone,
            Permissions = place is null ? [] : ["geolocation"],
            Geolocation = place is { } at ? new Geolocation { Latitude = (float)at.Latitude, Longitude = (float)at.Longitude } : null,
        });
        context.SetDefaultTimeout(15_000);
        return context;
    }

    /// <summary>A new tab of <paramref name="context"/> on <paramref name="path"/>.</summary>
    public static async Task<IPage> OpenAsync(IBrowserContext context, string path = "/chat")
    {
        var page = await context.NewPageAsync();
        // The 2 MB Web Chat bundle loads slowly on a busy machine.
        await page.GotoAsync(path, new() { Timeout = 45_000 });
        return page;
    }
}
