using ChatIntake.Staff;
using System.Net;
using ChatIntake.Admin.Staff;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Admin;

/// <summary>Sign-out ends the session on the server: a copy of its cookie taken before is refused afterwards.</summary>
public sealed class SignOutTests(AdminHost host) : IClassFixture<AdminHost>
{
    [Fact]
    public async Task A_cookie_copied_before_sign_out_is_refused_after_it_for_reading_and_for_posting()
    {
        using var browser = new PlainBrowser(host.Bot.Server.CreateClient());
        var login = await browser.SendAsync(HttpMethod.Get, "/admin/login");
        var signIn = await browser.SendAsync(HttpMethod.Post, "/admin/login", new()
        {
            ["userName"] = "admin", ["password"] = AdminHost.AdminPassword, ["__RequestVerificationToken"] = StaffClient.TokenIn(await login.Content.ReadAsStringAsync()),
        });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var staffPage = await browser.SendAsync(HttpMethod.Get, "/admin/settings/staff");
        Assert.Equal(HttpStatusCode.OK, staffPage.StatusCode);
        var token = StaffClient.TokenIn(await staffPage.Content.ReadAsStringAsync());

        // What a script or a shared computer could have taken: every cookie and a form token.
        using var thief = browser.CopyTo(host.Bot.Server.CreateClient());
        var signOut = await browser.SendAsync(HttpMethod.Post, "/admin/logout", new() { ["__RequestVerificationToken"] = token });
        Assert.Equal("/admin/login", signOut.Headers.Location?.OriginalString);

        var read = await thief.SendAsync(HttpMethod.Get, "/admin/settings/staff");
        Assert.Equal(HttpStatusCode.Redirect, read.StatusCode);
        Assert.StartsWith("/admin/login", read.Headers.Location!.AbsolutePath);

        var write = await thief.SendAsync(HttpMethod.Post, "/admin/settings/staff?handler=add", new()
        {
            ["userName"] = "intruder", ["displayName"] = "Intruder", ["password"] = "intruder-password", ["role"] = nameof(StaffRole.Administrator),
            ["__RequestVerificationToken"] = token,
        });
        Assert.True(write.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest,
            $"the copied cookie's POST answered {(int)write.StatusCode}");
        if (write.StatusCode == HttpStatusCode.Redirect)
        {
            Assert.StartsWith("/admin/login", write.Headers.Location!.AbsolutePath);
        }

        await using var db = host.Bot.CreateDbContext();
        Assert.False(await db.Staff.AnyAsync(s => s.UserName == "intruder"));
    }

    [Fact]
    public async Task Signing_out_in_one_browser_keeps_the_same_persons_other_browser_signed_in()
    {
        await host.CreateStaffAsync("two-browsers", StaffRole.Agent, districts: [await host.DistrictIdAsync("D1")]);
        using var laptop = await host.SignInAsync("two-browsers");
        using var phone = await host.SignInAsync("two-browsers");
        Assert.Equal(HttpStatusCode.Redirect, (await laptop.PostFormAsync("/admin/logout", [], "/admin")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await laptop.GetAsync("/admin")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await phone.GetAsync("/admin")).StatusCode);
    }
}
