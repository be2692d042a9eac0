using ChatIntake.Dialogs.Intake;
using ChatIntake.Tests.Admin;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Journeys;

/// <summary>
/// The citizen's journeys, written once and run on every channel (in-process, the Telegram emulator, Direct Line):
/// the whole intake in Persian and English, cancelling, the duplicate offer, /my and /status, and a staff reply.
/// </summary>
public abstract class CitizenJourneys : IAsyncLifetime
{
    protected AdminHost Host { get; private set; } = null!;

    /// <summary>The channel's name as tickets record it.</summary>
    protected abstract string ChannelName { get; }

    /// <summary>What the channel's host needs besides the admin panel's settings.</summary>
    protected virtual Dictionary<string, string?> Settings() => [];

    /// <summary>A new citizen, in a chat of their own, whose client speaks <paramref name="language"/>.</summary>
    protected abstract Task<ICitizen> NewCitizenAsync(string language);

    public Task InitializeAsync()
    {
        Host = new AdminHost(browser: false, Settings());
        return Host.InitializeAsync();
    }

    public Task DisposeAsync() => Host.DisposeAsync();

    [Fact]
    public async Task Whole_intake_in_persian_by_buttons_and_typing_then_my_and_status()
    {
        var citizen = await NewCitizenAsync("fa");

        await citizen.SaysAsync("/start");
        Assert.Contains("سلام", citizen.LastText);
        Assert.Equal(["📝 ثبت گزارش جدید", "📋 گزارش‌های من", "❓ راهنما"], citizen.Buttons);
        await citizen.PressesAsync("ثبت گزارش جدید");
        Assert.Contains("گزارش شما درباره چیست؟", citizen.LastText);

        // Typed, with an Arabic yeh and kaf and a zero-width joiner: normalised before keyword matching.
        await citizen.SaysAsync("چراغ برق كوچه ما خاموش\u200Dه");
        Assert.Contains("روشنایی", citizen.LastText);
        Assert.Contains("کجاست؟", citizen.LastText);
        await citizen.SaysAsync("خیابان آزادی، روبروی پارک لاله، کوچه سوم");
        Assert.Contains("نشانی دریافت شد", citizen.LastText);
        Assert.Contains("لطفاً مشکل را شرح دهید", citizen.LastText);
        await citizen.SaysAsync("دو هفته است که چراغ‌های این کوچه شب‌ها خاموش است و رفت‌وآمد خطرناک شده.");
        Assert.Contains("عکس", citizen.LastText);
        await citizen.PressesAsync("رد شدن");
        Assert.Contains("لطفاً گزارش خود را بررسی کنید", citizen.LastText);
        Assert.Contains("عکس‌ها: ۰", citizen.LastText);
        await citizen.PressesAsync("ثبت گزارش");
        Assert.Contains("گزارش شما ثبت شد", citizen.LastText);

        await using var db = Host.Bot.CreateDbContext();
        var ticket = await db.Tickets.Include(t => t.Citizen).SingleAsync();
        // Persian shows the code with a non-breaking hyphen, so a phone never breaks it across lines.
        Assert.Contains(TrackingCode.Format(ticket.TrackingCode).Replace('-', '\u2011'), citizen.LastText);
        Assert.Equal(ChannelName, ticket.Channel);
        Assert.Equal("خیابان آزادی، روبروی پارک لاله، کوچه سوم", ticket.AddressText);
        Assert.Equal("D3", (await db.Districts.SingleAsync(d => d.Id == ticket.DistrictId)).Code); // "آزادی" names it
        Assert.Equal("lighting", (await db.Categories.SingleAsync(c => c.Id == ticket.CategoryId)).Code);
        Assert.Equal("fa", ticket.Citizen!.Language);

        await citizen.SaysAsync("/my");
        Assert.Contains(TrackingCode.Format(ticket.TrackingCode).Replace('-', '\u2011'), citizen.LastText);
        await citizen.SaysAsync("/status " + ticket.TrackingCode.ToLowerInvariant());
        Assert.Contains("ثبت‌شده", citizen.LastText);
        citizen.SaveTranscript($"journey-{ChannelName}-intake-fa");
    }

    [Fact]
    public async Task Whole_intake_in_english_by_buttons_with_a_shared_location()
    {
        var citizen = await NewCitizenAsync("en");

        await citizen.SaysAsync("/new");
        Assert.Contains("What is the problem about?", citizen.LastText);
        Assert.Contains("Street Lighting", string.Join("|", citizen.Buttons), StringComparison.OrdinalIgnoreCase);
        await citizen.PressesAsync("Light");
        Assert.Contains("Where is it?", citizen.LastText);
        await citizen.SharesLocationAsync(35.725, 51.37);
        Assert.Contains("Location received: District 1", citizen.LastText);
        Assert.Contains("Please describe the problem", citizen.LastText);
        await citizen.SaysAsync("The street light in front of number 12 has been dark for a week.");
        Assert.Contains("Would you like to add photos?", citizen.LastText);
        await citizen.PressesAsync("Skip");
        Assert.Contains("Please check your report", citizen.LastText);
        await citizen.PressesAsync("Submit");
        Assert.Contains("Your report is registered", citizen.LastText);

        await using var db = Host.Bot.CreateDbContext();
        var ticket = await db.Tickets.SingleAsync();
        Assert.Contains(TrackingCode.Format(ticket.TrackingCode), citizen.LastText);
        Assert.Equal(TicketStatus.New, ticket.Status);
        Assert.Equal("The street light in front of number 12 has been dark for a week.", ticket.Description);
        Assert.NotNull(ticket.DistrictId);
        Assert.Equal(ChannelName, ticket.Channel);
        citizen.SaveTranscript($"journey-{ChannelName}-intake-en");
    }

    [Fact]
    public async Task A_report_cancelled_half_way_files_nothing()
    {
        var citizen = await NewCitizenAsync("en");

        await citizen.SaysAsync("/new");
        await citizen.PressesAsync("Light");
        await citizen.SaysAsync("/cancel");

        Assert.Contains("Cancelled. Nothing was submitted", citizen.LastText);
        await using var db = Host.Bot.CreateDbContext();
        Assert.Equal(0, await db.Tickets.CountAsync());
    }

    [Fact]
    public async Task A_second_report_at_the_same_place_is_offered_the_first_to_follow()
    {
        var first = await NewCitizenAsync("en");
        var code = await FilesReportAsync(first, 35.68, 51.43);

        var second = await NewCitizenAsync("en");
        await ReachesSummaryAsync(second, 35.68002, 51.43002); // about 3 m away
        await second.PressesAsync("Submit");
        // The offer names the subject, the distance and the status of the other report, never its code or words.
        Assert.Contains("Another citizen has already reported", second.LastText);
        Assert.DoesNotContain(code, second.LastText);
        await second.PressesAsync("Follow that one");
        Assert.Contains("you now follow that report", second.LastText);
        Assert.DoesNotContain(code, second.LastText);
        await second.SaysAsync("/my");
        Assert.Contains("A report you follow", second.LastText);
        Assert.DoesNotContain(code, second.LastText);

        await using var db = Host.Bot.CreateDbContext();
        Assert.Equal(1, await db.Tickets.CountAsync());
        Assert.Equal(1, await db.TicketFollowers.CountAsync());
    }

    [Fact]
    public async Task A_staff_reply_in_the_panel_reaches_the_citizen_in_their_chat()
    {
        var citizen = await NewCitizenAsync("en");
        await FilesReportAsync(citizen, 35.70, 51.36);
        await using var db = Host.Bot.CreateDbContext();
        var id = (await db.Tickets.SingleAsync()).Id;

        using var staff = await Host.SignInAsync("admin", AdminHost.AdminPassword);
        var page = $"/admin/tickets/{id}";
        await staff.PostFormAsync($"{page}?handler=reply", new() { ["Text"] = "A crew will come tomorrow morning." }, page);

        Assert.Contains("A crew will come tomorrow morning.", await citizen.ReceivesAsync("A crew will come tomorrow morning."));
    }

    [Fact]
    public async Task Status_and_help_answers_leave_the_main_menu_and_a_first_word_that_names_a_problem_starts_a_report()
    {
        var citizen = await NewCitizenAsync("fa");
        await citizen.SaysAsync("/status ABCD-2345");
        Assert.Contains("پیدا نشد", citizen.LastText);
        Assert.Equal(["📝 ثبت گزارش جدید", "📋 گزارش‌های من", "❓ راهنما"], citizen.Buttons);
        await citizen.SaysAsync("/help");
        Assert.Equal(["📝 ثبت گزارش جدید", "📋 گزارش‌های من", "❓ راهنما"], citizen.Buttons);

        await citizen.SaysAsync("زباله");
        Assert.Contains("«جمع‌آوری زباله»", citizen.LastText);
        await citizen.PressesAsync("بله");
        Assert.Contains("کجاست؟", citizen.LastText);
        citizen.SaveTranscript($"journey-{ChannelName}-way-on-fa");
    }

    /// <summary>English: lighting, at a shared point, with a description, no photos, up to the summary.</summary>
    private static async Task ReachesSummaryAsync(ICitizen citizen, double latitude, double longitude)
    {
        await citizen.SaysAsync("/new");
        await citizen.PressesAsync("Light");
        await citizen.SharesLocationAsync(latitude, longitude);
        await citizen.SaysAsync("The lamp post at the corner is broken and dark.");
        await citizen.PressesAsync("Skip");
        Assert.Contains("Please check your report", citizen.LastText);
    }

    /// <summary>Files a report and returns its tracking code as the bot wrote it.</summary>
    private static async Task<string> FilesReportAsync(ICitizen citizen, double latitude, double longitude)
    {
        await ReachesSummaryAsync(citizen, latitude, longitude);
        await citizen.PressesAsync("Submit");
        Assert.Contains("Your report is registered", citizen.LastText);
        var code = System.Text.RegularExpressions.Regex.Match(citizen.LastText, "Tracking code: (?:<[^>]+>)?([0-9A-Z]{4}-[0-9A-Z]{4})");
        Assert.True(code.Success, "no tracking code in: " + citizen.LastText);
        return code.Groups[1].Value;
    }
}
