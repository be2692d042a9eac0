using System.Net;
using ChatIntake.Admin.Staff;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Admin;

/// <summary>Sign-out ends the session on the server: a copy of its cookie taken before is refused afterwards.</summary>
public sealed class SignOutTests(AdminHost host) : IClassFixture<AdminHost>
{
    [Fact]
    public async Task A_cookie_copied_before_sign_out_is_refused_after_it_for_reading_and_for_posting()
    {
        using var http = host.Bot.Server.CreateClient();
        var jar = new Dictionary<string, string>();
        var login = await SendAsync(http, jar, HttpMethod.Get, "/admin/login");
        var signIn = await SendAsync(http, jar, HttpMethod.Post, "/admin/login", new()
        {
            ["userName"] = "admin", ["password"] = AdminHost.AdminPassword, ["__RequestVerificationToken"] = StaffClient.TokenIn(await login.Content.ReadAsStringAsync()),
        });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var staffPage = await SendAsync(http, jar, HttpMethod.Get, "/admin/settings/staff");
        Assert.Equal(HttpStatusCode.OK, staffPage.StatusCode);
        var token = StaffClient.TokenIn(await staffPage.Content.ReadAsStringAsync());

        // What a script or a shared computer could have taken: every cookie and a form token.
        var copy = new Dictionary<string, string>(jar);
        var signOut = await SendAsync(http, jar, HttpMethod.Post, "/admin/logout", new() { ["__RequestVerificationToken"] = token });
        Assert.Equal("/admin/login", signOut.Headers.Location?.OriginalString);

        var read = await SendAsync(http, copy, HttpMethod.Get, "/admin/settings/staff");
        Assert.Equal(HttpStatusCode.Redirect, read.StatusCode);
        Assert.StartsWith("/admin/login", read.Headers.Location!.AbsolutePath);

        var write = await SendAsync(http, copy, HttpMethod.Post, "/admin/settings/staff?handler=add", new()
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

    /// <summary>A request with the jar's cookies; the answer's Set-Cookie headers update the jar.</summary>
    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, Dictionary<string, string> jar, HttpMethod method, string url, Dictionary<string, string>? form = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (jar.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", jar.Select(c => c.Key + "=" + c.Value)));
        }

        if (form is not null)
        {
            request.Content = new FormUrlEncodedContent(form);
        }

        var response = await http.SendAsync(request);
        foreach (var cookie in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
        {
            var pair = cookie.Split(';')[0].Split('=', 2);
            if (pair[1].Length == 0)
            {
                jar.Remove(pair[0]);
            }
            else
            {
                jar[pair[0]] = pair[1];
            }
        }

        return response;
    }
}
