using System.Net;
using System.Text.RegularExpressions;
using ChatIntake.Admin.Staff;
using ChatIntake.Staff;

namespace ChatIntake.Tests.Admin;

/// <summary>
/// Failed sign-ins make the address that failed wait, growing with each failure, for that user name only: the answers
/// do not tell an existing account from an unknown one, and nobody elsewhere can lock the owner out.
/// </summary>
public sealed partial class LockoutTests : IAsyncLifetime
{
    private readonly AdminHost _host = AdminHost.WithClock(new Dictionary<string, string?> { ["Admin:LockoutDuration"] = "00:15:00" });

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task A_locked_account_opens_again_after_the_lockout_duration_and_not_before()
    {
        await _host.CreateStaffAsync("patient", StaffRole.Agent, districts: [await _host.DistrictIdAsync("D1")]);
        using var client = _host.NewClient();
        for (var i = 0; i < 3; i++)
        {
            await client.PostFormAsync("/admin/login", new() { ["userName"] = "patient", ["password"] = "wrong-password-here" });
        }

        _host.Clock!.Advance(TimeSpan.FromMinutes(14));
        var early = await client.PostFormAsync("/admin/login", new() { ["userName"] = "patient", ["password"] = AdminHost.StaffPassword });
        Assert.Equal(HttpStatusCode.Forbidden, early.StatusCode);

        _host.Clock!.Advance(TimeSpan.FromMinutes(2));
        using var agent = await _host.SignInAsync("patient");
        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/admin")).StatusCode);
    }

    [Fact]
    public async Task An_existing_and_an_unknown_user_name_get_the_same_answers_attempt_for_attempt()
    {
        using var client = _host.NewClientFrom("198.51.100.20");
        var existing = new List<string>();
        var unknown = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            existing.Add(await AnswerAsync(client, "admin", "not-the-password-" + i));
            unknown.Add(await AnswerAsync(client, "nobody-by-this-name", "not-the-password-" + i));
        }

        Assert.Equal(existing, unknown);
        Assert.Contains(existing, a => a.StartsWith("403", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Failures_from_another_address_do_not_lock_the_owner_out()
    {
        using var attacker = _host.NewClientFrom("203.0.113.66");
        for (var i = 0; i < 6; i++)
        {
            await attacker.PostFormAsync("/admin/login", new() { ["userName"] = "admin", ["password"] = "guess-" + i });
        }

        // The attacker's address waits, even with the right password…
        var guessed = await attacker.PostFormAsync("/admin/login", new() { ["userName"] = "admin", ["password"] = AdminHost.AdminPassword });
        Assert.Equal(HttpStatusCode.Forbidden, guessed.StatusCode);

        // …while the administrator at their own desk signs in.
        using var owner = _host.NewClientFrom("192.0.2.10");
        var signIn = await owner.PostFormAsync("/admin/login", new() { ["userName"] = "admin", ["password"] = AdminHost.AdminPassword });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/admin")).StatusCode);
    }

    [Fact]
    public async Task Each_failure_after_a_wait_doubles_the_next_wait()
    {
        await _host.CreateStaffAsync("forgetful", StaffRole.Agent, districts: [await _host.DistrictIdAsync("D1")]);
        using var client = _host.NewClientFrom("198.51.100.30");
        for (var i = 0; i < 3; i++)
        {
            await client.PostFormAsync("/admin/login", new() { ["userName"] = "forgetful", ["password"] = "wrong-password-here" });
        }

        _host.Clock!.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostFormAsync("/admin/login", new() { ["userName"] = "forgetful", ["password"] = "still-wrong-password" })).StatusCode);

        // 30 minutes now: still waiting after 16, open after 31.
        _host.Clock!.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostFormAsync("/admin/login", new() { ["userName"] = "forgetful", ["password"] = AdminHost.StaffPassword })).StatusCode);
        _host.Clock!.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync("/admin/login", new() { ["userName"] = "forgetful", ["password"] = AdminHost.StaffPassword })).StatusCode);
    }

    /// <summary>The status and the page's message, digits aside (the wait's end is a time).</summary>
    private static async Task<string> AnswerAsync(StaffClient client, string userName, string password)
    {
        var response = await client.PostFormAsync("/admin/login", new() { ["userName"] = userName, ["password"] = password });
        var message = Alert().Match(await response.Content.ReadAsStringAsync()).Groups[1].Value;
        return $"{(int)response.StatusCode} {Digits().Replace(message, "#")}";
    }

    [GeneratedRegex("<p class=\"error\" role=\"alert\">([^<]*)</p>")]
    private static partial Regex Alert();

    [GeneratedRegex(@"[\d۰-۹٠-٩]+")]
    private static partial Regex Digits();
}
