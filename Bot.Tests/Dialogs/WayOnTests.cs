using ChatIntake.Dialogs.Engine;
using ChatIntake.Tests.Admin;
using ChatIntake.Tests.Infrastructure;

namespace ChatIntake.Tests.Dialogs;

/// <summary>No dead ends: a staff message, a status notice and every step of the survey leave the citizen buttons to go on with.</summary>
public sealed class WayOnTests : IAsyncLifetime
{
    private readonly AdminHost _host = new(browser: false);

    public Task InitializeAsync() => _host.InitializeAsync();

    public Task DisposeAsync() => _host.DisposeAsync();

    [Theory]
    [InlineData("fa", "📋 گزارش‌های من")]
    [InlineData("en", "📋 My reports")]
    public async Task A_staff_reply_and_a_status_notice_carry_the_menu_when_nothing_is_pending(string language, string myReports)
    {
        var (id, _, citizen) = await _host.FileTicketAsync("way-on-" + language, language);
        using var staff = await _host.SignInAsync("admin", AdminHost.AdminPassword);
        var page = $"/admin/tickets/{id}";

        await staff.PostFormAsync($"{page}?handler=reply", new() { ["Text"] = "A crew will come tomorrow morning." }, page);
        var reply = await DeliveredAsync(citizen, "A crew will come tomorrow morning.");
        Assert.Contains(reply.SuggestedActions, a => a.Title == myReports);

        await staff.PostFormAsync($"{page}?handler=status", new() { ["status"] = "Resolved" }, page);
        var notice = await DeliveredAsync(citizen, language == "fa" ? "رفع‌شده" : "Resolved");
        Assert.Contains(notice.SuggestedActions, a => a.Title == myReports);
    }

    [Fact]
    public async Task A_notice_to_a_citizen_in_the_middle_of_a_report_keeps_out_of_the_way()
    {
        var (id, _, citizen) = await _host.FileTicketAsync("way-on-busy");
        await citizen.SaysAsync("/new");
        Assert.Contains("What is the problem about?", citizen.LastText);
        using var staff = await _host.SignInAsync("admin", AdminHost.AdminPassword);
        var page = $"/admin/tickets/{id}";
        await staff.PostFormAsync($"{page}?handler=reply", new() { ["Text"] = "We are on it." }, page);
        var reply = await DeliveredAsync(citizen, "We are on it.");
        Assert.DoesNotContain(reply.SuggestedActions, a => a.Title.Contains("My reports", StringComparison.Ordinal));
    }

    private async Task<Activity> DeliveredAsync(CitizenDriver citizen, string part)
    {
        await citizen.ReceivesAsync(part);
        return _host.Bot.Channel.DeliveredTo(citizen.ChatId).Last(a => a.Text?.Contains(part, StringComparison.Ordinal) == true);
    }
}
