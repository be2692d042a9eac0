using ChatIntake.Conversations;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Dialogs;

/// <summary>After the report: duplicates, /my, /status, details, and state left by an older version.</summary>
public sealed class FollowUpTranscriptTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    private BotApplicationFactory Bot => fixture.Bot;

    [Fact]
    public async Task Nearby_open_ticket_of_the_same_category_can_be_followed_instead()
    {
        var first = Bot.Citizen("dup-a", "en");
        var code = await first.FilesReportAsync(35.6801, 51.4301);

        var second = Bot.Citizen("dup-b", "en");
        await second.ReachesSummaryAsync(35.68012, 51.43012); // about 3 m away
        await second.PressesAsync("Submit");
        Assert.Contains("same kind (Street Lighting) about 10 m from your pin. Its status: Registered.", second.LastText);
        await second.PressesAsync("Follow that one");
        Assert.Contains("you now follow that report", second.LastText);

        await using var db = Bot.CreateDbContext();
        var ticket = await db.Tickets.SingleAsync(t => t.TrackingCode == code.Replace("-", "", StringComparison.Ordinal));
        Assert.Equal(1, await db.TicketFollowers.CountAsync(f => f.TicketId == ticket.Id));
        Assert.Equal(1, await db.Tickets.CountAsync(t => t.Latitude > 35.68 && t.Latitude < 35.6802));

        await second.SaysAsync("/my");
        Assert.Contains("A report you follow: Street Lighting near you — Registered", second.LastText);
        Assert.DoesNotContain(code, second.LastText);
    }

    [Fact]
    public async Task The_duplicate_offer_and_following_never_show_another_citizens_code_or_words()
    {
        var owner = Bot.Citizen("leak-a", "en");
        const string ownWords = "Dark lamp in front of Mina Rahimi's house, number 12";
        await owner.SaysAsync("/new");
        await owner.PressesAsync("Light");
        await owner.SharesLocationAsync(35.6901, 51.4401);
        await owner.SaysAsync(ownWords);
        await owner.PressesAsync("Skip");
        await owner.PressesAsync("Submit");
        var code = owner.LastText.Split('\n').First(l => l.StartsWith("Tracking code: ", StringComparison.Ordinal))["Tracking code: ".Length..].Trim();

        var prober = Bot.Citizen("leak-b", "en");
        await prober.ReachesSummaryAsync(35.69003, 51.44012); // a few metres away
        var before = prober.Transcript.Count;
        await prober.PressesAsync("Submit");
        await prober.PressesAsync("Follow that one");
        await prober.SaysAsync("/my");

        // Even a follower who somehow has the code learns only the subject and the status.
        await prober.SaysAsync("/status " + code);
        Assert.Contains("A report you follow: Street Lighting near you", prober.LastText);
        Assert.Contains("• Status: Registered", prober.LastText);
        var seen = string.Join("\n", prober.Transcript.Skip(before).Where(line => line.StartsWith("🤖", StringComparison.Ordinal)));
        Assert.DoesNotContain(code, seen);
        Assert.DoesNotContain(code.Replace("-", "", StringComparison.Ordinal), seen);
        Assert.DoesNotContain(ownWords, seen);
        Assert.DoesNotContain("Rahimi", seen);
    }

    [Fact]
    public async Task Nearby_open_ticket_can_be_declined_and_a_new_ticket_is_filed()
    {
        var first = Bot.Citizen("dup-c", "en");
        var code = await first.FilesReportAsync(35.7101, 51.3501);

        var second = Bot.Citizen("dup-d", "en");
        await second.ReachesSummaryAsync(35.71013, 51.35013);
        await second.PressesAsync("Submit");
        Assert.Contains("Another citizen has already reported", second.LastText);
        Assert.DoesNotContain(code, second.LastText);
        await second.PressesAsync("Mine is different");
        Assert.Contains("Your report is registered", second.LastText);
        Assert.DoesNotContain(code, second.LastText);

        // A different category at the same place is not offered.
        var third = Bot.Citizen("dup-e", "en");
        await third.ReachesSummaryAsync(35.71013, 51.35013, "Waste");
        await third.PressesAsync("Submit");
        Assert.Contains("Your report is registered", third.LastText);
    }

    [Fact]
    public async Task My_reports_and_status_with_persian_digits_and_any_case()
    {
        var citizen = Bot.Citizen("status-fa", "fa");
        await citizen.SaysAsync("/my");
        Assert.Contains("هنوز گزارشی ثبت نکرده‌اید", citizen.LastText);

        await citizen.SaysAsync("/lang en");
        var code = await citizen.FilesReportAsync(35.7301, 51.3451);
        await citizen.SaysAsync("/lang fa");

        await citizen.PressesAsync("گزارش‌های من");
        Assert.Contains("گزارش‌های شما (۱)", citizen.LastText);
        var shown = "\u2066" + code.Replace('-', '\u2011') + "\u2069"; // isolated, with a non-breaking hyphen
        Assert.Contains(shown, citizen.LastText);
        Assert.Contains("ثبت‌شده", citizen.LastText);

        var typed = PersianDigits(code.ToLowerInvariant());
        await citizen.SaysAsync("/status " + typed);
        Assert.Contains("گزارش " + shown, citizen.LastText);
        Assert.Contains("• وضعیت: ثبت‌شده", citizen.LastText);
        Assert.Matches("• ثبت: [۰-۹]{4}/[۰-۹]{2}/[۰-۹]{2} [۰-۹]{2}:[۰-۹]{2}", citizen.LastText);

        await citizen.SaysAsync("/status");
        Assert.Contains("کد رهگیری را پس از دستور بفرستید", citizen.LastText);
        await citizen.SaysAsync("/status hello");
        Assert.Contains("کد رهگیری معتبر نیست", citizen.LastText);

        // Someone else's code tells nothing about that ticket.
        var stranger = Bot.Citizen("status-stranger", "en");
        await stranger.SaysAsync("/status " + code);
        Assert.Contains("No report with code " + code + " was found among your reports", stranger.LastText);
        Assert.DoesNotContain("Subject", stranger.LastText);
    }

    [Fact]
    public async Task Free_message_with_an_open_ticket_is_added_as_a_detail_after_asking()
    {
        var citizen = Bot.Citizen("detail-1", "en");
        var first = await citizen.FilesReportAsync(35.6651, 51.3451);
        await citizen.SaysAsync("It is getting worse, a car hit the pole today.");
        Assert.Contains("Should I add this message to your open report " + first, citizen.LastText);
        await citizen.PressesAsync(first);
        Assert.Contains("Added to report " + first, citizen.LastText);

        var second = await citizen.FilesReportAsync(35.6651, 51.4551, "Waste");
        await citizen.SendsPhotoAsync("extra-photo");
        Assert.Contains("several open reports", citizen.LastText);
        await citizen.PressesAsync(second);
        Assert.Contains("Added to report " + second, citizen.LastText);

        await citizen.SaysAsync("never mind this one");
        await citizen.PressesAsync("Don't add it");
        Assert.Contains("it was not added", citizen.LastText);

        await using var db = Bot.CreateDbContext();
        var firstTicket = await db.Tickets.Include(t => t.Events).SingleAsync(t => t.TrackingCode == first.Replace("-", "", StringComparison.Ordinal));
        Assert.Contains(firstTicket.Events, e => e.Text == "It is getting worse, a car hit the pole today.");
        var secondTicket = await db.Tickets.Include(t => t.Attachments).SingleAsync(t => t.TrackingCode == second.Replace("-", "", StringComparison.Ordinal));
        Assert.Contains(secondTicket.Attachments, a => a.ChannelFileId == "extra-photo");
    }

    [Fact]
    public async Task State_saved_by_an_older_dialog_version_restarts_politely()
    {
        var citizen = Bot.Citizen("old-state", "en");
        await citizen.SaysAsync("/new");
        await citizen.PressesAsync("Light");

        await using (var db = Bot.CreateDbContext())
        {
            var conversation = await db.Conversations.SingleAsync(c => c.ExternalChatId == "old-state");
            // As another instance running an older build would have saved it.
            conversation.DialogState = conversation.DialogState!.Replace("\"version\":1", "\"version\":0", StringComparison.Ordinal);
            conversation.Version++;
            await db.SaveChangesAsync();
        }

        await citizen.SharesLocationAsync(35.725, 51.37);
        Assert.Contains("the service was updated", citizen.LastText);
        Assert.Equal(3, citizen.Buttons.Count);

        await using (var db = Bot.CreateDbContext())
        {
            var conversation = await db.Conversations.SingleAsync(c => c.ExternalChatId == "old-state");
            conversation.DialogState = "{not json";
            conversation.Version++;
            await db.SaveChangesAsync();
        }

        await citizen.SaysAsync("hello");
        Assert.Contains("the service was updated", citizen.LastText);
        await citizen.SaysAsync("/new");
        Assert.Contains("What is the problem about?", citizen.LastText);
    }

    [Fact]
    public async Task Two_citizens_interleaved_never_see_each_others_messages()
    {
        var a = Bot.Citizen("inter-a", "en");
        var b = Bot.Citizen("inter-b", "fa");
        await a.SaysAsync("/new");
        await b.SaysAsync("/new");
        await a.PressesAsync("Light");
        await b.PressesAsync("زباله");
        Assert.Contains("Street Lighting", a.LastText, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("زباله", b.LastText);
        Assert.All(Bot.Channel.DeliveredTo("inter-a"), m => Assert.DoesNotContain("زباله", m.Text ?? string.Empty));
    }

    private static string PersianDigits(string text) => ChatIntake.Dialogs.Text.PersianText.ToPersianDigits(text);
}
