using System.Net;
using ChatIntake.Tests.Admin;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Hosting;

/// <summary>Behind a TLS proxy: the proxies named in Proxy:KnownProxies are believed about the client's address and HTTPS, nobody else is.</summary>
public sealed class ProxyTests : IAsyncLifetime
{
    private const string Proxy = "10.20.30.40";
    private readonly AdminHost _host = AdminHost.With(new Dictionary<string, string?> { ["Proxy:KnownProxies:0"] = Proxy });

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Https_through_a_trusted_proxy_gets_secure_cookies_hsts_and_the_clients_address()
    {
        using var browser = ThroughProxy(from: Proxy, client: "203.0.113.9");
        var login = await browser.SendAsync(HttpMethod.Get, "/admin/login");
        Assert.True(login.Headers.Contains("Strict-Transport-Security"), "no HSTS over HTTPS");
        Assert.NotEmpty(PlainBrowser.SetCookies(login));
        Assert.All(PlainBrowser.SetCookies(login), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));

        var signIn = await browser.SendAsync(HttpMethod.Post, "/admin/login", new()
        {
            ["userName"] = "admin", ["password"] = AdminHost.AdminPassword, ["__RequestVerificationToken"] = StaffClient.TokenIn(await login.Content.ReadAsStringAsync()),
        });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var session = Assert.Single(PlainBrowser.SetCookies(signIn), c => c.StartsWith("chatintake-admin=", StringComparison.Ordinal));
        Assert.Contains("secure", session, StringComparison.OrdinalIgnoreCase);

        var queue = await browser.SendAsync(HttpMethod.Get, "/admin");
        Assert.Equal(HttpStatusCode.OK, queue.StatusCode);
        var language = await browser.SendAsync(HttpMethod.Post, "/admin/language", new()
        {
            ["to"] = "en", ["returnUrl"] = "/admin", ["__RequestVerificationToken"] = StaffClient.TokenIn(await queue.Content.ReadAsStringAsync()),
        });
        var chosen = Assert.Single(PlainBrowser.SetCookies(language));
        Assert.Contains("secure", chosen, StringComparison.OrdinalIgnoreCase);

        await using var db = _host.Bot.CreateDbContext();
        Assert.Equal("203.0.113.9", await db.Audit.Where(a => a.Action == "sign-in").Select(a => a.RemoteAddress).FirstAsync());
    }

    [Fact]
    public async Task Forwarded_headers_from_an_untrusted_address_are_ignored()
    {
        using var browser = ThroughProxy(from: "10.20.30.99", client: "203.0.113.10");
        var login = await browser.SendAsync(HttpMethod.Get, "/admin/login");
        Assert.False(login.Headers.Contains("Strict-Transport-Security"), "HSTS over plain HTTP because a client said https");
        Assert.NotEmpty(PlainBrowser.SetCookies(login));
        Assert.All(PlainBrowser.SetCookies(login), c => Assert.DoesNotContain("secure", c, StringComparison.OrdinalIgnoreCase));

        var failed = await browser.SendAsync(HttpMethod.Post, "/admin/login", new()
        {
            ["userName"] = "untrusted-probe", ["password"] = "not-a-password", ["__RequestVerificationToken"] = StaffClient.TokenIn(await login.Content.ReadAsStringAsync()),
        });
        Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        await using var db = _host.Bot.CreateDbContext();
        Assert.Equal("10.20.30.99", await db.Audit.Where(a => a.StaffName == "untrusted-probe").Select(a => a.RemoteAddress).FirstAsync());
    }

    private PlainBrowser ThroughProxy(string from, string client)
    {
        var browser = new PlainBrowser(_host.Bot.Server.CreateClient());
        browser.Headers[PeerAddress.Header] = from;
        browser.Headers["X-Forwarded-Proto"] = "https";
        browser.Headers["X-Forwarded-For"] = client;
        return browser;
    }
}
