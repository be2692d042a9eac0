using System.Net;
using ChatIntake.Admin.Staff;
using ChatIntake.Staff;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;
using ChatIntake.Tickets;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatIntake.Tests.Admin;

/// <summary>The administration pages change what the bot and the panel do, and every change is in the audit log.</summary>
public sealed class AdminSettingsTests(AdminHost host) : IClassFixture<AdminHost>
{
    [Fact]
    public async Task A_renamed_category_is_what_the_bot_offers_next()
    {
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        int id;
        await using (var db = host.Bot.CreateDbContext())
        {
            id = await db.Categories.Where(c => c.Code == "parks").Select(c => c.Id).SingleAsync();
        }

        var saved = await admin.PostFormAsync("/admin/settings/categories", new()
        {
            ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["nameFa"] = "فضای سبز", ["nameEn"] = "Green Spaces", ["department"] = "Parks & Green Space",
            ["responseHours"] = "12", ["resolutionHours"] = "96", ["keywordsFa"] = "پارک|درخت", ["keywordsEn"] = "park | tree", ["isActive"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var citizen = host.Bot.Citizen("set-category", "en");
        await citizen.SaysAsync("/new");
        Assert.Contains(citizen.Buttons, b => b.Contains("Green Spaces", StringComparison.Ordinal));
        await using (var db = host.Bot.CreateDbContext())
        {
            var category = await db.Categories.SingleAsync(c => c.Id == id);
            Assert.Equal(("park|tree", 12, 96), (category.KeywordsEn, category.ResponseHours, category.ResolutionHours));
            Assert.True(await db.Audit.AnyAsync(a => a.Action == "category" && a.Detail!.Contains("Green Spaces")));
        }

        var refused = await admin.PostFormAsync("/admin/settings/categories", new()
        {
            ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["nameFa"] = "فضای سبز", ["nameEn"] = "Green Spaces", ["department"] = "Traffic",
            ["responseHours"] = "500", ["resolutionHours"] = "10",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var again = await refused.Content.ReadAsStringAsync();
        Assert.Contains("ساعت‌ها باید", again);
        Assert.Contains("<option value=\"Traffic\" selected=\"selected\">", again);
        Assert.Contains("value=\"500\"", again);
    }

    [Fact]
    public async Task An_uploaded_districts_file_changes_where_reports_land_and_a_broken_one_is_refused_with_the_reason()
    {
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        const string Geo = """
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"D9","name_fa":"منطقه ۹","name_en":"District 9"},
             "geometry":{"type":"Polygon","coordinates":[[[51.50,35.60],[51.60,35.60],[51.60,35.65],[51.50,35.65],[51.50,35.60]]]}}]}
            """;
        var uploaded = await UploadAsync(admin, Geo);
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);
        var area = host.Bot.Service<ServiceArea>().Locate(new(35.62, 51.55));
        Assert.True(area.InServiceArea);
        Assert.Equal("District 9", area.DistrictNameEn);

        var broken = await UploadAsync(admin, """{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[51,35]}}]}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, broken.StatusCode);
        Assert.Contains("Polygon", await broken.Content.ReadAsStringAsync());
        var garbage = await UploadAsync(admin, "this is not json");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, garbage.StatusCode);
        await using var db = host.Bot.CreateDbContext();
        Assert.Equal(5, await db.Districts.CountAsync());
    }

    [Fact]
    public async Task An_account_made_on_the_staff_page_signs_in_with_its_scope_and_a_deactivated_one_is_out_at_once()
    {
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        var d2 = await host.DistrictIdAsync("D2");
        var added = await admin.PostFormAsync("/admin/settings/staff?handler=add", new()
        {
            ["userName"] = "sara", ["displayName"] = "Sara Karimi", ["password"] = "a-long-password-1", ["role"] = "Agent", ["districts"] = d2.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, "/admin/settings/staff");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var (inD1, _, _) = await host.FileTicketAsync("set-staff-d1", district: "D1");
        var (inD2, _, _) = await host.FileTicketAsync("set-staff-d2", district: "D2");

        using var sara = await host.SignInAsync("sara", "a-long-password-1");
        Assert.Equal(HttpStatusCode.OK, (await sara.GetAsync($"/admin/tickets/{inD2}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await sara.GetAsync($"/admin/tickets/{inD1}")).StatusCode);

        long id;
        await using (var db = host.Bot.CreateDbContext())
        {
            id = await db.Staff.Where(s => s.UserName == "sara").Select(s => s.Id).SingleAsync();
        }

        var off = await admin.PostFormAsync("/admin/settings/staff?handler=update", new()
        {
            ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["displayName"] = "Sara Karimi", ["role"] = "Agent",
        }, "/admin/settings/staff");
        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        var after = await sara.GetAsync($"/admin/tickets/{inD2}");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/admin/login", after.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task The_last_administrator_cannot_be_demoted()
    {
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        long id;
        await using (var db = host.Bot.CreateDbContext())
        {
            id = await db.Staff.Where(s => s.UserName == "admin").Select(s => s.Id).SingleAsync();
        }

        var refused = await admin.PostFormAsync("/admin/settings/staff?handler=update", new()
        {
            ["id"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["displayName"] = "Administrator", ["role"] = "Agent", ["isActive"] = "true",
        }, "/admin/settings/staff");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        await using var check = host.Bot.CreateDbContext();
        Assert.Equal(StaffRole.Administrator, (await check.Staff.SingleAsync(s => s.Id == id)).Role);
    }

    [Fact]
    public async Task A_canned_reply_is_offered_on_the_ticket_page_in_the_citizens_language()
    {
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        var saved = await admin.PostFormAsync("/admin/settings/cannedreplies?handler=save", new()
        {
            ["title"] = "Crew scheduled", ["textFa"] = "گروه تعمیرات برای فردا برنامه‌ریزی شد.", ["textEn"] = "A repair crew is scheduled for tomorrow.",
        }, "/admin/settings/cannedreplies");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var (id, _, _) = await host.FileTicketAsync("set-canned", language: "fa");
        var page = await admin.GetPageAsync($"/admin/tickets/{id}");
        Assert.Contains("data-text=\"گروه تعمیرات برای فردا برنامه‌ریزی شد.\"", page);
        Assert.Contains(">Crew scheduled</option>", page);
    }

    [Fact]
    public async Task Staff_actions_are_in_the_audit_log_filterable_by_ticket_and_action()
    {
        var (id, code, _) = await host.FileTicketAsync("set-audit");
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        var ticketPage = $"/admin/tickets/{id}";
        await admin.PostFormAsync($"{ticketPage}?handler=note", new() { ["Text"] = "checked the pole" }, ticketPage);
        await admin.PostFormAsync($"{ticketPage}?handler=priority", new() { ["priority"] = "Urgent" }, ticketPage);
        await admin.PostFormAsync($"{ticketPage}?handler=assign", new() { ["assignee"] = "me" }, ticketPage);
        await admin.PostFormAsync($"{ticketPage}?handler=status", new() { ["status"] = "InProgress" }, ticketPage);

        var log = await admin.GetPageAsync("/admin/audit?ticket=" + TrackingCode.Format(code));
        foreach (var action in new[] { "note", "priority", "assign", "status" })
        {
            Assert.Contains($"data-action=\"{action}\"", log);
        }

        Assert.Contains("<td>یادداشت داخلی</td>", log);
        Assert.Contains("<td>تغییر وضعیت</td>", log);
        var onlyNotes = await admin.GetPageAsync($"/admin/audit?ticket={code}&what=note");
        Assert.Contains("checked the pole", onlyNotes);
        Assert.DoesNotContain("data-action=\"priority\"", onlyNotes);
        var badDate = await admin.GetPageAsync("/admin/audit?from=yesterday");
        Assert.Contains("yesterday", badDate);
        Assert.Contains("class=\"error\"", badDate);
    }

    [Fact]
    public async Task An_edited_notification_text_is_what_the_citizen_receives()
    {
        // Its own host and text catalog: the edit must not leak into other tests' expectations.
        var own = new AdminHost(browser: false, configureServices: services => services.AddSingleton(new TextCatalog()));
        await own.InitializeAsync();
        try
        {
            var (id, _, _) = await own.FileTicketAsync("set-texts");
            using var admin = await own.SignInAsync("admin", AdminHost.AdminPassword);
            var holes = await admin.PostFormAsync("/admin/settings/texts", new() { ["key"] = "notify.status", ["fa"] = "وضعیت: {1}", ["en"] = "Report {0} status changed." });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, holes.StatusCode);
            Assert.Contains(">Report {0} status changed.</textarea>", await holes.Content.ReadAsStringAsync());

            var saved = await admin.PostFormAsync("/admin/settings/texts", new()
            {
                ["key"] = "notify.status", ["fa"] = "وضعیت گزارش {0} اکنون «{1}» است.", ["en"] = "Good news about report {0}: it is now {1}.",
            });
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            var page = $"/admin/tickets/{id}";
            await admin.PostFormAsync($"{page}?handler=status", new() { ["status"] = "InProgress" }, page);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await own.Bot.WaitForOutboxAsync("set-texts", timeout.Token);
            Assert.Contains(own.Bot.Channel.DeliveredTo("set-texts"), a => a.Text?.StartsWith("Good news about report", StringComparison.Ordinal) == true);
            await using var db = own.Bot.CreateDbContext();
            Assert.Equal(2, await db.TextOverrides.CountAsync(t => t.Key == "notify.status"));
        }
        finally
        {
            await own.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_unexpected_error_shows_a_plain_page_without_a_stack_trace()
    {
        var own = new AdminHost(browser: false, configureServices: services => services.Configure<MvcOptions>(o => o.Filters.Add(new FailingPageFilter())));
        await own.InitializeAsync();
        try
        {
            using var admin = await own.SignInAsync("admin", AdminHost.AdminPassword);
            var response = await admin.GetAsync("/admin?q=fail-here");
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Contains("خطایی در سامانه رخ داد", html);
            Assert.DoesNotContain("InvalidOperationException", html);
            Assert.DoesNotContain("FailingPageFilter", html);
        }
        finally
        {
            await own.DisposeAsync();
        }
    }

    [Fact]
    public async Task With_a_tile_server_configured_the_ticket_page_embeds_the_map_around_the_point()
    {
        var own = new AdminHost(browser: false, new Dictionary<string, string?> { ["Admin:MapTileUrl"] = "https://tiles.example.org/{z}/{x}/{y}.png" });
        await own.InitializeAsync();
        try
        {
            var (id, _, _) = await own.FileTicketAsync("set-map");
            using var admin = await own.SignInAsync("admin", AdminHost.AdminPassword);
            var response = await admin.GetAsync($"/admin/tickets/{id}");
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal(9, System.Text.RegularExpressions.Regex.Matches(html, @"src=""https://tiles.example.org/16/\d+/\d+\.png""").Count);
            Assert.Contains("https://www.openstreetmap.org/?mlat=", html);
            Assert.Contains("img-src 'self' data: https://tiles.example.org;", string.Join(";", response.Headers.GetValues("Content-Security-Policy")));
        }
        finally
        {
            await own.DisposeAsync();
        }
    }

    [Fact]
    public void Map_tiles_put_the_point_at_its_pixel_in_the_middle_tile()
    {
        var map = ChatIntake.Admin.Pages.Tickets.MapTiles.Around(35.7, 51.4, "https://t.example/{z}/{x}/{y}.png");
        Assert.Equal("https://t.example/16/42125/25802.png", map.TileUrls[4]);
        Assert.Equal("https://t.example/16/42124/25801.png", map.TileUrls[0]);
        Assert.Equal((277, 365), (map.MarkerLeft, map.MarkerTop));
        Assert.Empty(ChatIntake.Admin.Pages.Tickets.MapTiles.Around(35.7, 51.4, null).TileUrls);
    }

    private static async Task<HttpResponseMessage> UploadAsync(StaffClient admin, string geoJson)
    {
        var page = await admin.GetPageAsync("/admin/settings/districts");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(StaffClient.TokenIn(page)), "__RequestVerificationToken" },
            { new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(geoJson)), "file", "districts.geojson" },
        };
        return await admin.Http.PostAsync("/admin/settings/districts", form);
    }

    /// <summary>Stands in for a bug in a page: throws when the query says so.</summary>
    private sealed class FailingPageFilter : IPageFilter
    {
        public void OnPageHandlerSelected(PageHandlerSelectedContext context)
        {
        }

        public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
        {
            if (context.HttpContext.Request.Query["q"] == "fail-here")
            {
                throw new InvalidOperationException("a bug in a page");
            }
        }

        public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
        {
        }
    }
}
