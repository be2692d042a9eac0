using System.Net;
using ChatIntake.Admin.Staff;
using ChatIntake.Staff;
using ChatIntake.Tickets;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Admin;

/// <summary>Who may do what in the panel, and what protects it: sign-in, lockout, scope, antiforgery, headers, output encoding.</summary>
public sealed class AdminSecurityTests(AdminHost host) : IClassFixture<AdminHost>
{
    [Fact]
    public async Task First_start_creates_the_admin_account_with_the_configured_password()
    {
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        var html = await admin.GetPageAsync("/admin");
        Assert.Contains("data-live=\"queue\"", html);
    }

    [Fact]
    public async Task Lockout_after_repeated_failures_refuses_even_the_right_password()
    {
        await host.CreateStaffAsync("lockme", StaffRole.Agent, districts: [await host.DistrictIdAsync("D1")]);
        using var client = host.NewClient();
        for (var i = 0; i < 2; i++)
        {
            var wrong = await client.PostFormAsync("/admin/login", new() { ["userName"] = "lockme", ["password"] = "not-the-password" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        var third = await client.PostFormAsync("/admin/login", new() { ["userName"] = "lockme", ["password"] = "not-the-password" });
        Assert.Equal(HttpStatusCode.Forbidden, third.StatusCode);

        var right = await client.PostFormAsync("/admin/login", new() { ["userName"] = "lockme", ["password"] = AdminHost.StaffPassword });
        Assert.Equal(HttpStatusCode.Forbidden, right.StatusCode);
        Assert.Contains("از اینجا تا", await right.Content.ReadAsStringAsync());
        Assert.Null(right.Headers.Location);

        await using var db = host.Bot.CreateDbContext();
        Assert.Equal(2, await db.Audit.CountAsync(a => a.StaffName == "lockme" && a.Action == "sign-in-failed"));
        Assert.Equal(2, await db.Audit.CountAsync(a => a.StaffName == "lockme" && a.Action == "sign-in-locked"));
    }

    [Fact]
    public async Task Sign_in_attempts_from_one_address_are_rate_limited_across_accounts()
    {
        var own = new AdminHost(browser: false, new Dictionary<string, string?> { ["Admin:SignInsPerMinute"] = "3" });
        await own.InitializeAsync();
        try
        {
            using var client = own.NewClient();
            for (var i = 0; i < 3; i++)
            {
                var attempt = await client.PostFormAsync("/admin/login", new() { ["userName"] = $"guess-{i}", ["password"] = "spray-password" });
                Assert.Equal(HttpStatusCode.Unauthorized, attempt.StatusCode);
            }

            var refused = await client.PostFormAsync("/admin/login", new() { ["userName"] = "admin", ["password"] = AdminHost.AdminPassword });
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Contains("یک دقیقه صبر کنید", await refused.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/login")).StatusCode);
        }
        finally
        {
            await own.DisposeAsync();
        }
    }

    [Fact]
    public async Task Wrong_password_and_unknown_user_get_the_same_answer()
    {
        using var client = host.NewClient();
        var unknown = await client.PostFormAsync("/admin/login", new() { ["userName"] = "nobody-here", ["password"] = "whatever-it-is" });
        var wrong = await client.PostFormAsync("/admin/login", new() { ["userName"] = "admin", ["password"] = "whatever-it-is" });
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }

    [Fact]
    public async Task Form_post_without_the_antiforgery_token_is_refused()
    {
        var (id, _, _) = await host.FileTicketAsync("sec-csrf");
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        var response = await admin.Http.PostAsync($"/admin/tickets/{id}?handler=note",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["Text"] = "posted from another site" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("فرم پذیرفته نشد", await response.Content.ReadAsStringAsync());
        await using var db = host.Bot.CreateDbContext();
        Assert.False(await db.TicketEvents.AnyAsync(e => e.TicketId == id && e.Text == "posted from another site"));

        var withToken = await admin.PostFormAsync($"/admin/tickets/{id}?handler=note", new() { ["Text"] = "posted from the page" }, $"/admin/tickets/{id}");
        Assert.Equal(HttpStatusCode.Redirect, withToken.StatusCode);
        Assert.True(await db.TicketEvents.AnyAsync(e => e.TicketId == id && e.Text == "posted from the page"));
    }

    [Fact]
    public async Task Agent_of_one_district_can_neither_open_nor_act_on_another_districts_ticket()
    {
        var (own, _, _) = await host.FileTicketAsync("sec-d1", district: "D1");
        var (other, otherCode, otherCitizen) = await host.FileTicketAsync("sec-d2", district: "D2");
        await host.CreateStaffAsync("agent-d1", StaffRole.Agent, districts: [await host.DistrictIdAsync("D1")]);
        using var agent = await host.SignInAsync("agent-d1");

        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync($"/admin/tickets/{own}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await agent.GetAsync($"/admin/tickets/{other}")).StatusCode);
        Assert.DoesNotContain($"data-code=\"{otherCode}\"", await agent.GetPageAsync("/admin?q=" + otherCode));

        // Acting with a valid token taken from a page the agent may see still finds nothing to act on.
        var before = otherCitizen.Transcript.Count;
        foreach (var (handler, field, value) in new[] { ("reply", "Text", "Not yours"), ("note", "Text", "Not yours"), ("status", "status", "Rejected"), ("priority", "priority", "Urgent"), ("assign", "assignee", "me"), ("duplicate", "Master", "ABCD-2345") })
        {
            var response = await agent.PostFormAsync($"/admin/tickets/{other}?handler={handler}", new() { [field] = value, ["Reason"] = "x" }, $"/admin/tickets/{own}");
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{handler} on another district's ticket answered {(int)response.StatusCode}");
        }

        await using var db = host.Bot.CreateDbContext();
        var ticket = await db.Tickets.AsNoTracking().SingleAsync(t => t.Id == other);
        Assert.Equal(ChatIntake.Dialogs.Intake.TicketStatus.New, ticket.Status);
        Assert.Equal(TicketPriority.Normal, ticket.Priority);
        Assert.Null(ticket.AssigneeId);
        Assert.Equal(1, await db.TicketEvents.CountAsync(e => e.TicketId == other));
        Assert.DoesNotContain(host.Bot.Channel.DeliveredTo("sec-d2"), a => a.Text?.Contains("Not yours", StringComparison.Ordinal) == true);
        Assert.Equal(before, otherCitizen.Transcript.Count);
    }

    [Fact]
    public async Task Department_scoped_supervisor_sees_only_their_departments_tickets()
    {
        var (lighting, lightingCode, _) = await host.FileTicketAsync("sec-dept");
        await host.CreateStaffAsync("roads-lead", StaffRole.Supervisor, departments: ["Roads"]);
        await host.CreateStaffAsync("lights-lead", StaffRole.Supervisor, departments: ["Street Lighting"]);
        using var roads = await host.SignInAsync("roads-lead");
        using var lights = await host.SignInAsync("lights-lead");

        Assert.Equal(HttpStatusCode.NotFound, (await roads.GetAsync($"/admin/tickets/{lighting}")).StatusCode);
        Assert.Contains($"data-code=\"{lightingCode}\"", await lights.GetPageAsync("/admin?q=" + lightingCode));

        // Referred to Roads, it moves from one supervisor's desk to the other's.
        var refer = await lights.PostFormAsync($"/admin/tickets/{lighting}?handler=refer", new() { ["department"] = "Roads" }, $"/admin/tickets/{lighting}");
        Assert.Equal(HttpStatusCode.Redirect, refer.StatusCode);
        Assert.Equal("/admin", refer.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await roads.GetAsync($"/admin/tickets/{lighting}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lights.GetAsync($"/admin/tickets/{lighting}")).StatusCode);
    }

    [Fact]
    public async Task Every_admin_route_answers_anonymous_and_each_role_as_intended()
    {
        var (ticket, _, _) = await host.FileTicketAsync("sec-routes");
        long attachment;
        await using (var db = host.Bot.CreateDbContext())
        {
            var file = new Attachment { TicketId = ticket, ChannelFileId = "f-routes", Kind = "photo", CreatedAt = DateTimeOffset.UnixEpoch };
            db.Attachments.Add(file);
            await db.SaveChangesAsync();
            attachment = file.Id;
        }

        var district = await host.DistrictIdAsync("D1");
        await host.CreateStaffAsync("routes-agent", StaffRole.Agent, districts: [district]);
        await host.CreateStaffAsync("routes-supervisor", StaffRole.Supervisor, districts: [district]);

        // Every route the host maps under /admin must appear here: a new page without an expectation fails the test.
        const string Login = "login", Denied = "denied", Ok = "200", Home = "home", Missing = "404";
        var expected = new Dictionary<string, (string Url, string Anonymous, string Staff, string Admin)>
        {
            ["admin"] = ("/admin", Login, Ok, Ok),
            ["admin/Index"] = ("/admin/index", Login, Ok, Ok),
            ["admin/Login"] = ("/admin/login", Ok, Ok, Ok),
            ["admin/Account"] = ("/admin/account", Login, Ok, Ok),
            ["admin/Logout"] = ("/admin/logout", Login, Home, Home),
            ["admin/Denied"] = ("/admin/denied", "403", "403", "403"),
            ["admin/Language"] = ("/admin/language", Home, Home, Home),
            ["admin/tickets/{id:long}"] = ($"/admin/tickets/{ticket}", Login, Ok, Ok),
            ["admin/tickets/new"] = ("/admin/tickets/new", Login, Ok, Ok),
            ["admin/attachments/{id:long}"] = ($"/admin/attachments/{attachment}", Login, Missing, Missing),
            ["admin/Audit"] = ("/admin/audit", Login, Denied, Ok),
            ["admin/Audit/Index"] = ("/admin/audit/index", Login, Denied, Ok),
            ["admin/Settings"] = ("/admin/settings", Login, Denied, Ok),
            ["admin/Settings/Index"] = ("/admin/settings/index", Login, Denied, Ok),
            ["admin/Settings/Categories"] = ("/admin/settings/categories", Login, Denied, Ok),
            ["admin/Settings/Agencies"] = ("/admin/settings/agencies", Login, Denied, Ok),
            ["admin/Settings/Districts"] = ("/admin/settings/districts", Login, Denied, Ok),
            ["admin/Settings/Departments"] = ("/admin/settings/departments", Login, Denied, Ok),
            ["admin/Settings/Staff"] = ("/admin/settings/staff", Login, Denied, Ok),
            ["admin/Settings/CannedReplies"] = ("/admin/settings/cannedreplies", Login, Denied, Ok),
            ["admin/Settings/Texts"] = ("/admin/settings/texts", Login, Denied, Ok),
            ["admin/Settings/Jobs"] = ("/admin/settings/jobs", Login, Denied, Ok),
            ["admin/Settings/Open311Keys"] = ("/admin/settings/open311keys", Login, Denied, Ok),
            ["admin/Digest"] = ("/admin/digest", Login, Denied, Ok),
            ["admin/dashboard"] = ("/admin/dashboard", Login, Denied, Ok),
            ["admin/dashboard/league"] = ("/admin/dashboard/league", Login, Denied, Ok),
            ["admin/dashboard/map"] = ("/admin/dashboard/map", Login, Denied, Ok),
            ["admin/dashboard/week"] = ("/admin/dashboard/week", Login, Denied, Ok),
        };
        var mapped = host.Bot.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText!.TrimStart('/'))
            .Where(p => p.StartsWith("admin", StringComparison.OrdinalIgnoreCase))
            .Distinct().Order().ToList();
        Assert.Equal(expected.Keys.Order().ToList(), mapped);

        using var anonymous = host.NewClient();
        using var agent = await host.SignInAsync("routes-agent");
        using var supervisor = await host.SignInAsync("routes-supervisor");
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        var failures = new List<string>();
        foreach (var (route, (url, forAnonymous, forStaff, forAdmin)) in expected)
        {
            // Supervisors share the agents' expectations except where a page is theirs too.
            var forSupervisor = SupervisorsOnly.Contains(route) ? forAdmin : forStaff;
            foreach (var (who, client, expectation) in new[] { ("anonymous", anonymous, forAnonymous), ("agent", agent, forStaff), ("supervisor", supervisor, forSupervisor), ("administrator", admin, forAdmin) })
            {
                var response = await client.GetAsync(url);
                var location = response.Headers.Location?.OriginalString ?? string.Empty;
                var actual = (int)response.StatusCode switch
                {
                    200 => Ok,
                    302 when location.Contains("/admin/login", StringComparison.Ordinal) => Login,
                    302 when location.Contains("/admin/denied", StringComparison.Ordinal) => Denied,
                    302 when location == "/admin" => Home,
                    var code => code.ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
                if (actual != expectation)
                {
                    failures.Add($"{who} GET {url}: expected {expectation}, got {actual} {location}");
                }
            }
        }

        Assert.Empty(failures);
    }

    /// <summary>Pages for supervisors and administrators, not agents.</summary>
    private static readonly string[] SupervisorsOnly = ["admin/Digest", "admin/dashboard", "admin/dashboard/league", "admin/dashboard/map", "admin/dashboard/week"];

    [Fact]
    public async Task Agents_and_supervisors_cannot_post_to_administration_pages()
    {
        var district = await host.DistrictIdAsync("D1");
        await host.CreateStaffAsync("post-agent", StaffRole.Agent, districts: [district]);
        await host.CreateStaffAsync("post-supervisor", StaffRole.Supervisor, districts: [district]);
        foreach (var name in new[] { "post-agent", "post-supervisor" })
        {
            using var client = await host.SignInAsync(name);
            var response = await client.PostFormAsync("/admin/settings/staff?handler=add",
                new() { ["userName"] = name + "-made", ["displayName"] = "X", ["password"] = "a-long-password-1", ["role"] = "Administrator" }, "/admin");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/admin/denied", response.Headers.Location?.OriginalString);
        }

        await using var db = host.Bot.CreateDbContext();
        Assert.False(await db.Staff.AnyAsync(s => s.UserName.EndsWith("-made")));
    }

    [Fact]
    public async Task An_agent_takes_a_ticket_but_only_a_supervisor_assigns_it_to_someone_else()
    {
        var (id, _, _) = await host.FileTicketAsync("sec-assign");
        var district = await host.DistrictIdAsync("D1");
        var agent = await host.CreateStaffAsync("assign-agent", StaffRole.Agent, districts: [district]);
        var colleague = await host.CreateStaffAsync("assign-colleague", StaffRole.Agent, districts: [district]);
        await host.CreateStaffAsync("assign-lead", StaffRole.Supervisor, districts: [district]);
        var page = $"/admin/tickets/{id}";
        var colleagueId = colleague.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

        using var asAgent = await host.SignInAsync("assign-agent");
        var pushed = await asAgent.PostFormAsync($"{page}?handler=assign", new() { ["assignee"] = colleagueId }, page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, pushed.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await asAgent.PostFormAsync($"{page}?handler=assign", new() { ["assignee"] = "me" }, page)).StatusCode);
        await using (var db = host.Bot.CreateDbContext())
        {
            Assert.Equal(agent.Id, (await db.Tickets.SingleAsync(t => t.Id == id)).AssigneeId);
        }

        using var asLead = await host.SignInAsync("assign-lead");
        Assert.Equal(HttpStatusCode.Redirect, (await asLead.PostFormAsync($"{page}?handler=assign", new() { ["assignee"] = colleagueId }, page)).StatusCode);
        await using (var db = host.Bot.CreateDbContext())
        {
            Assert.Equal(colleague.Id, (await db.Tickets.SingleAsync(t => t.Id == id)).AssigneeId);
        }

        Assert.Contains($"data-code=", await asLead.GetPageAsync($"/admin?assignee={colleagueId}"));
    }

    [Fact]
    public async Task Admin_pages_carry_the_security_headers()
    {
        using var anonymous = host.NewClient();
        var response = await anonymous.GetAsync("/admin/login");
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain(" style=\"", html);
    }

    [Fact]
    public async Task A_description_with_html_is_encoded_in_every_page_that_shows_it()
    {
        const string Attack = "<script>alert('x')</script><img src=x onerror=alert(1)> the lamp is out";
        var (id, code, _) = await host.FileTicketAsync("sec-xss", description: Attack);
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        foreach (var url in new[] { $"/admin/tickets/{id}", "/admin?q=" + code })
        {
            var html = await admin.GetPageAsync(url);
            Assert.DoesNotContain("<script>alert", html);
            Assert.DoesNotContain("<img src=x", html);
            Assert.Contains("&lt;script&gt;", html);
        }
    }

    [Fact]
    public async Task An_attachment_whose_stored_path_leaves_the_folder_is_refused()
    {
        var (id, _, _) = await host.FileTicketAsync("sec-path");
        long escaping, pending;
        await using (var db = host.Bot.CreateDbContext())
        {
            var bad = new Attachment { TicketId = id, ChannelFileId = "f1", Kind = "photo", ContentType = "image/jpeg", StoredPath = "../../../../etc/passwd", CreatedAt = DateTimeOffset.UnixEpoch };
            var notYet = new Attachment { TicketId = id, ChannelFileId = "f2", Kind = "photo", ContentType = "image/jpeg", CreatedAt = DateTimeOffset.UnixEpoch };
            db.Attachments.AddRange(bad, notYet);
            await db.SaveChangesAsync();
            (escaping, pending) = (bad.Id, notYet.Id);
        }

        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        var refused = await admin.GetAsync($"/admin/attachments/{escaping}");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.DoesNotContain("root:", await refused.Content.ReadAsStringAsync());
        var waiting = await admin.GetAsync($"/admin/attachments/{pending}");
        Assert.Equal(HttpStatusCode.NotFound, waiting.StatusCode);
        Assert.Contains("این عکس هنوز از پیام‌رسان دریافت نشده است", await waiting.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Staff_change_their_own_password_only_knowing_the_current_one()
    {
        await host.CreateStaffAsync("changer", StaffRole.Agent, districts: [await host.DistrictIdAsync("D1")]);
        using var agent = await host.SignInAsync("changer");
        using var elsewhere = await host.SignInAsync("changer");
        var wrong = await agent.PostFormAsync("/admin/account", new() { ["currentPassword"] = "not-it-at-all", ["newPassword"] = "brand-new-password", ["repeatPassword"] = "brand-new-password" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        var changed = await agent.PostFormAsync("/admin/account", new() { ["currentPassword"] = AdminHost.StaffPassword, ["newPassword"] = "brand-new-password", ["repeatPassword"] = "brand-new-password" });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/admin")).StatusCode);
        Assert.Contains("/admin/login", (await elsewhere.GetAsync("/admin")).Headers.Location?.OriginalString);
        using var again = await host.SignInAsync("changer", "brand-new-password");
        using var old = host.NewClient();
        var refused = await old.PostFormAsync("/admin/login", new() { ["userName"] = "changer", ["password"] = AdminHost.StaffPassword });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        await host.CreateStaffAsync("leaver", StaffRole.Agent, districts: [await host.DistrictIdAsync("D1")]);
        using var agent = await host.SignInAsync("leaver");
        var bye = await agent.PostFormAsync("/admin/logout", new(), "/admin");
        Assert.Equal(HttpStatusCode.Redirect, bye.StatusCode);
        var after = await agent.GetAsync("/admin");
        Assert.Contains("/admin/login", after.Headers.Location?.OriginalString);
        await using var db = host.Bot.CreateDbContext();
        Assert.True(await db.Audit.AnyAsync(a => a.StaffName == "leaver" && a.Action == "sign-out"));
    }
}
