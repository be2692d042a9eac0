using System.Net;
using ChatIntake.Admin.Staff;
using ChatIntake.Staff;

namespace ChatIntake.Tests.Admin;

/// <summary>A locked account opens again after Admin:LockoutDuration, by the host's clock.</summary>
public sealed class LockoutTests : IAsyncLifetime
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
}
