using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ChatIntake.Tests.Admin;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Open311;

/// <summary>Client keys: made in the panel and shown once, stored hashed, audited, revoked; configured keys; open or key-only reads; a rate per key.</summary>
public sealed partial class Open311KeyTests(Open311Fixture fixture) : IClassFixture<Open311Fixture>
{
    [Fact]
    public async Task An_administrator_makes_a_key_that_is_shown_once_stored_hashed_audited_used_and_revoked()
    {
        using var admin = await fixture.Host.SignInAsync("admin", AdminHost.AdminPassword);
        var made = await admin.PostFormAsync("/admin/settings/open311keys?handler=create", new() { ["name"] = "SeeClickFix", ["owner"] = "Vendor desk" });
        Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        Assert.Equal("no-store", made.Headers.CacheControl?.ToString());
        var page = await made.Content.ReadAsStringAsync();
        var key = ShownKey().Match(page).Groups[1].Value;
        Assert.StartsWith("o311_", key);

        await using (var db = fixture.Host.Bot.CreateDbContext())
        {
            var row = await db.Open311Keys.SingleAsync(k => k.Name == "SeeClickFix");
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))), row.Hash);
            Assert.DoesNotContain(key, row.Hash + row.Prefix);
            Assert.Equal("admin", row.CreatedBy);
            Assert.Null(row.LastUsedAt);
            Assert.True(await db.Audit.AnyAsync(a => a.Action == "open311-key-create" && a.Detail!.Contains("SeeClickFix") && a.StaffName == "admin"));
            Assert.False(await db.Audit.AnyAsync(a => a.Detail!.Contains(key)));
        }

        // Shown once: the list never shows it again.
        Assert.DoesNotContain(key, await admin.GetPageAsync("/admin/settings/open311keys"));

        using var client = fixture.Client();
        var posted = await client.PostAsync("requests.json", Open311ConformanceTests.Report(key));
        Assert.Equal(HttpStatusCode.OK, posted.Status);
        await using (var db = fixture.Host.Bot.CreateDbContext())
        {
            var row = await db.Open311Keys.SingleAsync(k => k.Name == "SeeClickFix");
            Assert.NotNull(row.LastUsedAt);
            var code = posted.Json()[0].GetProperty("service_request_id").GetString()!.Replace("-", "", StringComparison.Ordinal);
            Assert.Equal("open311:seeclickfix", (await db.Tickets.SingleAsync(t => t.TrackingCode == code)).Channel);

            var listed = await admin.GetPageAsync("/admin/settings/open311keys");
            Assert.Contains("SeeClickFix", listed);
            Assert.Contains("FixMyStreet", listed);
            var revoked = await admin.PostFormAsync("/admin/settings/open311keys?handler=revoke", new() { ["id"] = row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
            Assert.True(await db.Audit.AnyAsync(a => a.Action == "open311-key-revoke" && a.Detail!.Contains("SeeClickFix")));
        }

        (await client.PostAsync("requests.json", Open311ConformanceTests.Report(key))).IsError(HttpStatusCode.Forbidden, "revoked");
        (await client.GetAsync($"services.xml?api_key={key}")).IsError(HttpStatusCode.Forbidden, "api_key");
    }

    [Fact]
    public async Task Agents_cannot_make_keys()
    {
        await fixture.Host.CreateStaffAsync("keys-agent", Staff.StaffRole.Agent, districts: [await fixture.Host.DistrictIdAsync("D1")]);
        using var agent = await fixture.Host.SignInAsync("keys-agent");
        var response = await agent.PostFormAsync("/admin/settings/open311keys?handler=create", new() { ["name"] = "Sneaky" }, "/admin");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/admin/denied", response.Headers.Location?.OriginalString);
        await using var db = fixture.Host.Bot.CreateDbContext();
        Assert.False(await db.Open311Keys.AnyAsync(k => k.Name == "Sneaky"));
    }

    [Fact]
    public async Task Reads_are_open_by_default_but_key_only_when_public_read_is_off()
    {
        using (var open = fixture.Client())
        {
            Assert.Equal(HttpStatusCode.OK, (await open.GetAsync("services.json")).Status);
            Assert.Equal(HttpStatusCode.OK, (await open.GetAsync("requests.json")).Status);
        }

        var host = AdminHost.With(new Dictionary<string, string?> { ["Open311:PublicRead"] = "false", ["Open311:ApiKeys:0"] = "reader:" + Open311Fixture.Key });
        await host.InitializeAsync();
        try
        {
            using var client = new GeoReportClient(host.Bot.CreateClient());
            foreach (var path in new[] { "discovery.json", "services.xml", "services/lighting.json", "requests.xml", "requests/ABCD-EFGH.json" })
            {
                (await client.GetAsync(path)).IsError(HttpStatusCode.Forbidden, "api_key is required");
            }

            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"services.xml?api_key={Open311Fixture.Key}")).Status);
            (await client.GetAsync("services.xml?api_key=wrong-key")).IsError(HttpStatusCode.Forbidden, "Invalid api_key");
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Each_key_has_its_own_rate_and_the_next_request_gets_429_with_retry_after()
    {
        var host = AdminHost.With(new Dictionary<string, string?>
        {
            ["Open311:RequestsPerMinute"] = "3",
            ["Open311:ApiKeys:0"] = "first:" + Open311Fixture.Key,
            ["Open311:ApiKeys:1"] = "second:" + Open311Fixture.Key + "-two",
        });
        await host.InitializeAsync();
        try
        {
            using var client = new GeoReportClient(host.Bot.CreateClient());
            for (var i = 0; i < 3; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"services.json?api_key={Open311Fixture.Key}")).Status);
            }

            var refused = await client.PostAsync("requests.xml", Open311ConformanceTests.Report(Open311Fixture.Key));
            refused.IsError(HttpStatusCode.TooManyRequests, "at most 3 a minute");
            Assert.Equal("60", refused.Response.Headers.RetryAfter?.ToString());
            await using (var db = host.Bot.CreateDbContext())
            {
                Assert.False(await db.Tickets.AnyAsync());
            }

            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"services.json?api_key={Open311Fixture.Key}-two")).Status);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task Media_on_loopback_or_private_addresses_is_refused_by_default()
    {
        var guarded = AdminHost.With(new Dictionary<string, string?> { ["Open311:ApiKeys:0"] = "guarded:" + Open311Fixture.Key });
        await guarded.InitializeAsync();
        try
        {
            using var client = new GeoReportClient(guarded.Bot.CreateClient());
            foreach (var inward in new[] { fixture.Media.Url("/photo.png").ToString(), "http://localhost:9/photo.png", "http://10.0.0.7/photo.png", "http://169.254.169.254/latest/meta-data", "http://[::1]:9/a.png" })
            {
                (await client.PostAsync("requests.json", [.. Open311ConformanceTests.Report(Open311Fixture.Key), .. Open311ConformanceTests.Form(("media_url", inward))]))
                    .IsError(HttpStatusCode.BadRequest, "private or local address");
            }
        }
        finally
        {
            await guarded.DisposeAsync();
        }
    }

    [GeneratedRegex("data-key>([^<]+)<")]
    private static partial Regex ShownKey();
}
