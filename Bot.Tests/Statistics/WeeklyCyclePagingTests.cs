using System.Text.RegularExpressions;
using ChatIntake.Dialogs.Text;
using ChatIntake.Statistics;
using ChatIntake.Tests.Admin;

namespace ChatIntake.Tests.Statistics;

/// <summary>
/// The weekly cycle page shows the week's tickets a page at a time (the queue's page size, two here), while its figures
/// count the whole week: five tickets filed through the bot in the week of Saturday 2027-02-06, one answered in time.
/// </summary>
public sealed partial class WeeklyCyclePagingTests : IAsyncLifetime
{
    private static readonly TimeZoneInfo Tehran = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tehran");
    private readonly AdminHost _host = AdminHost.WithClock(new Dictionary<string, string?> { ["FollowUps:Interval"] = "01:00:00", ["Admin:PageSize"] = "2" });

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    private static DateTimeOffset Local(int day, int hour) => StatisticsPeriod.At(new DateTime(2027, 2, day, hour, 0, 0), Tehran);

    [Fact]
    public async Task Each_page_shows_its_share_of_the_week_misses_first_while_the_figures_count_the_whole_week()
    {
        var codes = new List<(long Id, string Code)>();
        for (var i = 0; i < 5; i++)
        {
            _host.Clock!.SetTo(Local(7, 9 + i));
            var (id, code, _) = await _host.FileTicketAsync($"wk-page-{i}", district: i < 3 ? "D1" : "D2");
            codes.Add((id, code));
        }

        // The third ticket's citizen is told on Monday: the one row that is not a miss.
        _host.Clock!.SetTo(Local(8, 10));
        using (var admin = await _host.SignInAsync("admin", AdminHost.AdminPassword))
        {
            var answered = await admin.PostFormAsync($"/admin/tickets/{codes[2].Id}?handler=reply", new() { ["Text"] = "در دست بررسی است." }, $"/admin/tickets/{codes[2].Id}");
            Assert.Equal(System.Net.HttpStatusCode.Redirect, answered.StatusCode);
        }

        _host.Clock!.SetTo(Local(13, 10));
        using var client = await _host.SignInAsync("admin", AdminHost.AdminPassword);
        var pages = new List<List<(string Code, bool Missed)>>();
        for (var p = 1; p <= 3; p++)
        {
            var page = await client.GetPageAsync($"/admin/dashboard/week?week=2027-02-09&p={p}");
            Assert.Equal("5", Tile(page, "collected"));
            Assert.Equal("4", Tile(page, "missed"));
            Assert.Equal("1", Tile(page, "notified"));
            pages.Add([.. Row().Matches(page).Select(m => (m.Groups[1].Value, m.Groups[2].Value == "true"))]);
        }

        Assert.Equal([2, 2, 1], pages.Select(p => p.Count));
        var shown = pages.SelectMany(p => p).ToList();
        Assert.Equal(codes.Select(c => c.Code).Order(), shown.Select(r => r.Code).Order());
        // Misses first, in the order received; the ticket answered in time comes last.
        Assert.Equal([.. codes.Where((_, i) => i != 2).Select(c => c.Code), codes[2].Code], shown.Select(r => r.Code));
        Assert.Equal([true, true, true, true, false], shown.Select(r => r.Missed));

        // A page past the end shows the last one.
        var beyond = await client.GetPageAsync("/admin/dashboard/week?week=2027-02-09&p=99");
        Assert.Equal([codes[2].Code], Row().Matches(beyond).Select(m => m.Groups[1].Value));
        Assert.Contains("p=2", beyond);
    }

    private static string Tile(string page, string figure)
    {
        var match = Regex.Match(page, $"data-figure=\"{figure}\">[^<]*<strong>([^<]*)</strong>");
        Assert.True(match.Success, $"tile {figure} on the page");
        return PersianText.ToAsciiDigits(match.Groups[1].Value);
    }

    [GeneratedRegex("data-code=\"([^\"]+)\" data-missed=\"(true|false)\"")]
    private static partial Regex Row();
}
