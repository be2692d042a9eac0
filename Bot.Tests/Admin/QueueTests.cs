using System.Globalization;
using System.Text.RegularExpressions;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Admin;

/// <summary>The queue's filters, sort, paging, counts and due-time highlights, on tickets filed through the bot.</summary>
public sealed partial class QueueTests : IAsyncLifetime
{
    private readonly AdminHost _host = AdminHost.WithClock(new Dictionary<string, string?> { ["Admin:PageSize"] = "2" });

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Filters_sort_paging_and_counts_select_the_right_tickets()
    {
        var (a, codeA, _) = await _host.FileTicketAsync("q-a", district: "D1");
        var (b, codeB, _) = await _host.FileTicketAsync("q-b", district: "D2");
        var (_, codeC, _) = await _host.FileTicketAsync("q-c", district: "D1", waste: true);
        using var admin = await _host.SignInAsync("admin", AdminHost.AdminPassword);
        await admin.PostFormAsync($"/admin/tickets/{b}?handler=status", new() { ["status"] = "InProgress" }, $"/admin/tickets/{b}");
        await admin.PostFormAsync($"/admin/tickets/{a}?handler=assign", new() { ["assignee"] = "me" }, $"/admin/tickets/{a}");
        int waste;
        await using (var db = _host.Bot.CreateDbContext())
        {
            waste = await db.Categories.Where(c => c.Code == "waste").Select(c => c.Id).SingleAsync();
        }

        var d2 = await _host.DistrictIdAsync("D2");
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran");
        var todayJalali = JalaliDate.Format(_host.Clock!.GetUtcNow(), zone, IntakeCultures.Persian, withTime: false);
        var yesterday = TimeZoneInfo.ConvertTime(_host.Clock!.GetUtcNow(), zone).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        async Task<List<string>> Codes(string query) =>
            [.. RowCode().Matches(await admin.GetPageAsync("/admin" + query)).Select(m => m.Groups[1].Value)];

        Assert.Equal([codeB], await Codes("?status=InProgress"));
        Assert.Equal([codeC], await Codes($"?category={waste}"));
        Assert.Equal([codeB], await Codes($"?district={d2}"));
        Assert.Equal([codeA], await Codes("?assignee=me"));
        Assert.Equal([codeC, codeB], await Codes("?assignee=none"));
        Assert.Equal([codeA, codeB], await Codes("?sort=oldest"));
        Assert.Equal([codeC], await Codes("?sort=oldest&p=2"));
        Assert.Equal([codeC, codeB], await Codes($"?from={Uri.EscapeDataString(todayJalali)}"));
        Assert.Empty(await Codes($"?to={yesterday}"));
        Assert.Equal([codeB], await Codes("?q=" + TrackingCode.Format(codeB).ToLowerInvariant()));
        Assert.Equal([codeC, codeB], await Codes("?q=STREET+LIGHT"));
        Assert.Equal([codeA], await Codes("?q=STREET+LIGHT&p=2"));
        Assert.Empty(await Codes("?q=street_light"));

        var page = await admin.GetPageAsync("/admin");
        Assert.Matches("data-status=\"New\">[^<]+<b>۲</b>", page);
        Assert.Matches("data-status=\"InProgress\">[^<]+<b>۱</b>", page);
        Assert.Contains("صفحه ۱ از ۲ (۳ درخواست)", page);
    }

    [Fact]
    public async Task A_scoped_supervisor_counts_and_totals_only_the_tickets_of_their_districts_and_departments()
    {
        await _host.FileTicketAsync("s-a", district: "D1");
        await _host.FileTicketAsync("s-b", district: "D2");
        await _host.FileTicketAsync("s-c", district: "D1", waste: true);
        string wasteDepartment;
        await using (var db = _host.Bot.CreateDbContext())
        {
            wasteDepartment = await db.Categories.Where(c => c.Code == "waste").Select(c => c.Department).SingleAsync();
        }

        await _host.CreateStaffAsync("s-d1", ChatIntake.Staff.StaffRole.Supervisor, districts: [await _host.DistrictIdAsync("D1")]);
        await _host.CreateStaffAsync("s-waste", ChatIntake.Staff.StaffRole.Supervisor, departments: [wasteDepartment]);
        await _host.CreateStaffAsync("s-waste-d2", ChatIntake.Staff.StaffRole.Supervisor, departments: [wasteDepartment], districts: [await _host.DistrictIdAsync("D2")]);

        using (var district = await _host.SignInAsync("s-d1"))
        {
            var page = await district.GetPageAsync("/admin");
            Assert.Matches("data-status=\"New\">[^<]+<b>۲</b>", page);
            Assert.Contains("صفحه ۱ از ۱ (۲ درخواست)", page);
            Assert.Contains("(۱ درخواست)", await district.GetPageAsync("/admin?department=" + Uri.EscapeDataString(wasteDepartment)));
        }

        using (var department = await _host.SignInAsync("s-waste"))
        {
            var page = await department.GetPageAsync("/admin");
            Assert.Matches("data-status=\"New\">[^<]+<b>۱</b>", page);
            Assert.Contains("(۱ درخواست)", page);
        }

        using (var both = await _host.SignInAsync("s-waste-d2"))
        {
            Assert.Matches("data-status=\"New\">[^<]+<b>۰</b>", await both.GetPageAsync("/admin"));
        }

        using var admin = await _host.SignInAsync("admin", AdminHost.AdminPassword);
        Assert.Contains("(۱ درخواست)", await admin.GetPageAsync("/admin?department=" + Uri.EscapeDataString(wasteDepartment)));
        Assert.Contains("(۳ درخواست)", await admin.GetPageAsync("/admin"));
    }

    [Fact]
    public async Task Overdue_and_near_due_tickets_are_highlighted_and_filtered()
    {
        var (_, lighting, _) = await _host.FileTicketAsync("q-late-light");
        var (_, waste, _) = await _host.FileTicketAsync("q-late-waste", waste: true);
        using var admin = await _host.SignInAsync("admin", AdminHost.AdminPassword);
        var fresh = await admin.GetPageAsync("/admin?overdue=true");
        Assert.DoesNotContain("data-code=", fresh);

        // Waste: respond within 4 working hours, resolve within 24. Lighting: 12 and 72. Past lighting's response target
        // (in working hours, so found on the ticket), both are late.
        _host.Clock!.Advance(await UntilAsync(lighting, t => t.ResponseDueAt!.Value) + TimeSpan.FromMinutes(5));
        using var nextShift = await _host.SignInAsync("admin", AdminHost.AdminPassword); // a sign-in lasts 8 hours
        var page = await nextShift.GetPageAsync("/admin");
        Assert.Matches($"class=\"near\" data-code=\"{waste}\"|class=\"overdue\" data-code=\"{waste}\"", page);
        Assert.Contains($"class=\"overdue\" data-code=\"{lighting}\"", page);
        var overdue = RowCode().Matches(await nextShift.GetPageAsync("/admin?overdue=true")).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal([waste, lighting], overdue);
    }

    [Fact]
    public async Task An_open_ticket_close_to_its_resolution_time_is_near_due()
    {
        var (id, code, _) = await _host.FileTicketAsync("q-near");
        using var admin = await _host.SignInAsync("admin", AdminHost.AdminPassword);
        await admin.PostFormAsync($"/admin/tickets/{id}?handler=status", new() { ["status"] = "InProgress" }, $"/admin/tickets/{id}");
        _host.Clock!.Advance(await UntilAsync(code, t => t.ResolutionDueAt!.Value) - TimeSpan.FromHours(1));
        using var later = await _host.SignInAsync("admin", AdminHost.AdminPassword); // a sign-in lasts 8 hours
        Assert.Contains($"class=\"near\" data-code=\"{code}\"", await later.GetPageAsync("/admin"));
        _host.Clock!.Advance(TimeSpan.FromHours(2));
        Assert.Contains($"class=\"overdue\" data-code=\"{code}\"", await later.GetPageAsync("/admin"));
    }

    [Fact]
    public async Task The_pages_own_refreshes_do_not_keep_an_idle_session_alive()
    {
        using var admin = await _host.SignInAsync("admin", AdminHost.AdminPassword);
        _host.Clock!.Advance(TimeSpan.FromHours(5));
        using var refresh = new HttpRequestMessage(HttpMethod.Get, "/admin");
        refresh.Headers.Add("X-Live-Refresh", "1");
        var automatic = await admin.Http.SendAsync(refresh);
        Assert.Equal(System.Net.HttpStatusCode.OK, automatic.StatusCode);
        Assert.False(automatic.Headers.TryGetValues("Set-Cookie", out var renewed) && renewed.Any(c => c.StartsWith("chatintake-admin=", StringComparison.Ordinal)));

        var byHand = await admin.GetAsync("/admin");
        Assert.Contains(byHand.Headers.GetValues("Set-Cookie"), c => c.StartsWith("chatintake-admin=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Text_search_pages_through_its_matches_newest_first_with_their_total()
    {
        var codes = new List<string>();
        foreach (var i in new[] { 1, 2, 3 })
        {
            var (_, code, _) = await _host.FileTicketAsync($"q-find-{i}", language: "fa", description: $"درخت افرا کوچه شماره {i} افتاده است.");
            codes.Add(code);
        }

        await _host.FileTicketAsync("q-find-other", language: "fa", description: "چراغ خیابان خاموش است.");
        using var admin = await _host.SignInAsync("admin", AdminHost.AdminPassword);
        var first = await admin.GetPageAsync("/admin?q=" + Uri.EscapeDataString("افرا"));
        var second = await admin.GetPageAsync("/admin?q=" + Uri.EscapeDataString("افرا") + "&p=2");
        Assert.Equal([codes[2], codes[1]], RowCode().Matches(first).Select(m => m.Groups[1].Value));
        Assert.Equal([codes[0]], RowCode().Matches(second).Select(m => m.Groups[1].Value));
        Assert.Matches(@"\((3|۳) (tickets|درخواست)\)", first);
    }

    [Fact]
    public async Task The_live_stamp_changes_with_what_the_page_shows_and_not_with_tickets_outside_the_view()
    {
        var (a, _, _) = await _host.FileTicketAsync("q-live-a", district: "D1");
        await _host.FileTicketAsync("q-live-b", district: "D1");
        var (elsewhere, _, _) = await _host.FileTicketAsync("q-live-c", district: "D2");
        await _host.CreateStaffAsync("q-live-sup", ChatIntake.Staff.StaffRole.Supervisor, districts: [await _host.DistrictIdAsync("D1")]);
        using var supervisor = await _host.SignInAsync("q-live-sup");
        using var admin = await _host.SignInAsync("admin", AdminHost.AdminPassword);
        async Task<string> Stamp() => LiveStamp().Match(await supervisor.GetPageAsync("/admin")).Groups[1].Value;
        async Task ReplyAsync(long id)
        {
            _host.Clock!.Advance(TimeSpan.FromMinutes(1));
            await admin.PostFormAsync($"/admin/tickets/{id}?handler=reply", new() { ["Text"] = "در دست بررسی است." }, $"/admin/tickets/{id}");
        }

        var first = await Stamp();
        Assert.NotEmpty(first);
        Assert.Equal(first, await Stamp());

        // A ticket of another district is none of this view's business.
        await ReplyAsync(elsewhere);
        Assert.Equal(first, await Stamp());

        // A shown ticket touched (the page of two shows b and a).
        await ReplyAsync(a);
        var touched = await Stamp();
        Assert.NotEqual(first, touched);

        // A new ticket in the view comes onto the page.
        _host.Clock!.Advance(TimeSpan.FromMinutes(1));
        await _host.FileTicketAsync("q-live-d", district: "D1");
        Assert.NotEqual(touched, await Stamp());
    }

    /// <summary>How long from the clock's now until the ticket's due time (which counts working hours only).</summary>
    private async Task<TimeSpan> UntilAsync(string code, Func<ChatIntake.Tickets.Ticket, DateTimeOffset> due)
    {
        await using var db = _host.Bot.CreateDbContext();
        var ticket = await db.Tickets.AsNoTracking().SingleAsync(t => t.TrackingCode == code);
        return due(ticket) - _host.Clock!.GetUtcNow();
    }

    [GeneratedRegex("data-code=\"([A-Z0-9]{8})\"")]
    private static partial Regex RowCode();

    [GeneratedRegex("data-live=\"queue\" data-stamp=\"([^\"]*)\"")]
    private static partial Regex LiveStamp();
}
