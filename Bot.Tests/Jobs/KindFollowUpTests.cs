using ChatIntake.Staff;
using System.Text.RegularExpressions;
using ChatIntake.Admin.Staff;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Jobs;
using ChatIntake.Tests.Admin;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Jobs;

/// <summary>Thanks reaches the unit it names, and after it is resolved nobody asks the citizen whether it is fixed.</summary>
public sealed partial class KindFollowUpTests : IAsyncLifetime
{
    private readonly AdminHost _host = AdminHost.WithClock(new Dictionary<string, string?>
    {
        ["FollowUps:SurveyAfter"] = "1.00:00:00",
        ["FollowUps:AutoCloseAfter"] = "7.00:00:00",
        ["FollowUps:Interval"] = "01:00:00",
    });

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Thanks_to_a_district_reaches_its_staff_and_asks_no_is_it_fixed_after_resolution()
    {
        await _host.CreateStaffAsync("d2-agent", StaffRole.Agent, districts: [await _host.DistrictIdAsync("D2")]);
        await _host.CreateStaffAsync("d1-agent", StaffRole.Agent, districts: [await _host.DistrictIdAsync("D1")]);
        var (thanksId, thanksCode, thanking) = await ThankDistrictTwoAsync("kind-fu-thanks");
        var (problemId, _, reporting) = await _host.FileTicketAsync("kind-fu-problem", district: "D1");

        using (var d2 = await _host.SignInAsync("d2-agent"))
        {
            Assert.Equal([thanksCode], Codes(await d2.GetPageAsync("/admin?kind=Appreciation")));
            var page = await d2.GetPageAsync($"/admin/tickets/{thanksId}");
            Assert.Contains("data-kind=\"Appreciation\">قدردانی</dd>", page);
        }

        using (var d1 = await _host.SignInAsync("d1-agent"))
        {
            Assert.DoesNotContain(thanksCode, Codes(await d1.GetPageAsync("/admin")));
        }

        using (var admin = await _host.SignInAsync("admin", AdminHost.AdminPassword))
        {
            foreach (var id in new[] { thanksId, problemId })
            {
                await admin.PostFormAsync($"/admin/tickets/{id}?handler=status", new() { ["status"] = "Resolved" }, $"/admin/tickets/{id}");
            }
        }

        _host.Clock!.Advance(TimeSpan.FromDays(1.1));
        var counts = await _host.Bot.Service<FollowUpSweep>().RunAsync(default);

        // The problem resolved at the same time is asked, so the sweep did run over both.
        Assert.Equal(1, counts.Surveys);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _host.Bot.WaitForOutboxAsync(reporting.ChatId, cancel.Token);
        await _host.Bot.WaitForOutboxAsync(thanking.ChatId, cancel.Token);
        Assert.Contains(_host.Bot.Channel.DeliveredTo(reporting.ChatId), a => a.Text?.Contains("Is the problem fixed?", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(_host.Bot.Channel.DeliveredTo(thanking.ChatId), a => a.Text?.Contains("Is the problem fixed?", StringComparison.Ordinal) == true);
        await using var db = _host.Bot.CreateDbContext();
        var thanks = await db.Tickets.AsNoTracking().SingleAsync(t => t.Id == thanksId);
        Assert.Equal(TicketStatus.Resolved, thanks.Status);
        Assert.Null(thanks.SurveySentAt);
    }

    private async Task<(long Id, string Code, CitizenDriver Citizen)> ThankDistrictTwoAsync(string chatId)
    {
        var citizen = _host.Bot.Citizen(chatId, "en");
        await citizen.SaysAsync("/new");
        await citizen.PressesAsync("Thanks");
        await citizen.PressesAsync("Waste");
        await citizen.PressesAsync("department or district");
        await citizen.PressesAsync("District 2");
        await citizen.SaysAsync("The crew of district 2 cleaned the whole market street after the festival. Thank you!");
        await citizen.PressesAsync("Skip");
        await citizen.PressesAsync("Submit");
        Assert.Contains("will be passed on to District 2", citizen.LastText);
        await using var db = _host.Bot.CreateDbContext();
        var ticket = await db.Tickets.Where(t => t.Citizen!.ExternalUserId == "user-" + chatId).SingleAsync();
        Assert.Equal(TicketKind.Appreciation, ticket.Kind);
        return (ticket.Id, ticket.TrackingCode, citizen);
    }

    private static List<string> Codes(string page) => [.. RowCode().Matches(page).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("data-code=\"([A-Z0-9]{8})\"")]
    private static partial Regex RowCode();
}
