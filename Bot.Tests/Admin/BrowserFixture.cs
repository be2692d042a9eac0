using ChatIntake.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ChatIntake.Tests.Admin;

/// <summary>One host on a loopback port and one headless Debian Chromium for a class of browser tests.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public BrowserFixture() : this(new AdminHost(browser: true))
    {
    }

    /// <summary>Over a host with its own settings (a map tile URL, a text catalog).</summary>
    internal BrowserFixture(AdminHost host) => Host = host;

    public AdminHost Host { get; }

    /// <summary>Console errors of every page (a CSP violation is one), for tests to assert there were none.</summary>
    public List<string> ConsoleErrors { get; } = [];

    public async Task InitializeAsync()
    {
        await Host.InitializeAsync();
        // Page actions wait 15 s (SetDefaultTimeout); assertions the same, not Playwright's 5 s, on a loaded 2-core machine.
        Assertions.SetDefaultExpectTimeout(15_000);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true });
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

    /// <summary>A fresh browser profile in <paramref name="language"/>, signed in through the login form.</summary>
    public async Task<IPage> SignedInPageAsync(string userName = "admin", string password = AdminHost.AdminPassword, string language = "en", bool phone = false)
    {
        var context = await _browser!.NewContextAsync(new()
        {
            BaseURL = Host.Address.ToString().TrimEnd('/'),
            ViewportSize = phone ? new() { Width = 390, Height = 844 } : new() { Width = 1366, Height = 900 },
            IsMobile = phone,
            HasTouch = phone,
            DeviceScaleFactor = 1,
        });
        await context.AddCookiesAsync([new Cookie { Name = "admin-lang", Value = language, Domain = Host.Address.Host, Path = "/admin" }]);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (ConsoleErrors)
                {
                    ConsoleErrors.Add($"{page.Url}: {message.Text}");
                }
            }
        };
        await page.GotoAsync("/admin/login");
        await page.FillAsync("input[name=userName]", userName);
        await page.FillAsync("input[name=password]", password);
        await page.ClickAsync("form button[type=submit].primary");
        await page.WaitForSelectorAsync("[data-live=queue]");
        return page;
    }

    /// <summary>A fresh browser profile (not signed in), its console errors collected like the panel's.</summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions options)
    {
        var context = await _browser!.NewContextAsync(options);
        context.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (ConsoleErrors)
                {
                    ConsoleErrors.Add($"{message.Page?.Url}: {message.Text}");
                }
            }
        };
        return context;
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = Path.Combine(ArtifactPaths.Root, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }
}
