using System.Net;
using System.Text.Json.Nodes;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Privacy;
using ChatIntake.Tickets;
using ChatIntake.Tests.Admin;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Journeys;

/// <summary>
/// A citizen's own data, written once and run on the Telegram emulator and over Direct Line: /mydata tells what is held
/// and sends the JSON copy; /forget asks with buttons, erases, says what was kept, and a later message starts afresh.
/// </summary>
public abstract class PrivacyJourneys : IAsyncLifetime
{
    protected AdminHost Host { get; private set; } = null!;

    /// <summary>The channel's name as tickets record it.</summary>
    protected abstract string ChannelName { get; }

    protected virtual Dictionary<string, string?> Settings() => [];

    protected abstract Task<ICitizen> NewCitizenAsync(string language);

    /// <summary>The content of the file the bot sent with its last answer, fetched as the channel's client would.</summary>
    protected abstract Task<string> ReceivedFileAsync(ICitizen citizen);

    public Task InitializeAsync()
    {
        Host = new AdminHost(browser: false, Settings());
        return Host.InitializeAsync();
    }

    public Task DisposeAsync() => Host.DisposeAsync();

    [Fact]
    public async Task Mydata_in_persian_tells_what_is_held_and_sends_the_json_copy()
    {
        var citizen = await NewCitizenAsync("fa");
        var code = await FilesReportAsync(citizen, "fa", AdminHost.NewPlace());

        await citizen.SaysAsync("/mydata");

        Assert.Contains("این‌ها اطلاعاتی است که سامانه ۱۳۷ شهرداری از شما نگه می‌دارد:", citizen.LastText);
        Assert.Contains("• زبان: فارسی", citizen.LastText);
        Assert.Contains("• گفت‌وگوها با ربات: " + (ChannelName == "telegram" ? "تلگرام" : "گفت‌وگوی وبگاه"), citizen.LastText);
        Assert.Contains("گزارش‌های شما (۱) همراه با پیام‌هایشان:", citizen.LastText);
        Assert.Contains(TrackingCode.Format(code), CitizenDriver.Readable(citizen.LastText));
        Assert.Contains("روشنایی معابر", citizen.LastText);
        Assert.Contains("برای پاک کردن اطلاعات خود /forget را بفرستید.", citizen.LastText);
        Assert.Contains("اطلاعات شما (فایل JSON)", citizen.LastText);
        var copy = JsonNode.Parse(await ReceivedFileAsync(citizen))!;
        var ticket = copy["tickets"]!.AsArray().Single()!;
        Assert.Equal(code, ticket["trackingCode"]!.GetValue<string>());
        // Persian stays readable in the file, not \u escapes.
        Assert.Equal(PersianDescription, ticket["description"]!.GetValue<string>());
        Assert.Equal("you", ticket["thread"]![0]!["from"]!.GetValue<string>());
        Assert.Equal("fa", copy["citizen"]!["language"]!.GetValue<string>());
        Assert.Equal(citizen.ChatId, copy["chats"]![0]!["chatId"]!.GetValue<string>());
        citizen.SaveTranscript($"privacy-{ChannelName}-mydata-fa");
    }

    [Fact]
    public async Task Mydata_in_english_tells_what_is_held_and_sends_the_json_copy()
    {
        var citizen = await NewCitizenAsync("en");
        var code = await FilesReportAsync(citizen, "en", AdminHost.NewPlace());

        await citizen.SaysAsync("/mydata");

        Assert.Contains("This is what the city's 137 service holds about you:", citizen.LastText);
        Assert.Contains("• Language: English", citizen.LastText);
        Assert.Contains($"• {TrackingCode.Format(code)} — Street Lighting — Registered", citizen.LastText);
        Assert.Contains("Your data (JSON file)", citizen.LastText);
        var copy = JsonNode.Parse(await ReceivedFileAsync(citizen))!;
        Assert.Equal(EnglishDescription, copy["tickets"]![0]!["description"]!.GetValue<string>());
        Assert.Equal(ChannelName, copy["citizen"]!["channel"]!.GetValue<string>());
        citizen.SaveTranscript($"privacy-{ChannelName}-mydata-en");
    }

    [Fact]
    public async Task Forget_in_persian_keeps_everything_when_declined_and_erases_when_confirmed()
    {
        var citizen = await NewCitizenAsync("fa");
        var code = await FilesReportAsync(citizen, "fa", AdminHost.NewPlace());

        await citizen.SaysAsync("/forget");
        Assert.Contains("آیا می‌خواهید سامانه ۱۳۷ شهرداری اطلاعات شما را پاک کند؟", citizen.LastText);
        Assert.Equal(["🗑 اطلاعاتم پاک شود", "نگه داشته شود"], citizen.Buttons);
        await citizen.PressesAsync("نگه داشته شود");
        Assert.Contains("چیزی پاک نشد.", citizen.LastText);
        await using (var db = Host.Bot.CreateDbContext())
        {
            Assert.Null((await db.Tickets.SingleAsync()).CitizenErasedAt);
        }

        await citizen.SaysAsync("/forget");
        await citizen.PressesAsync("اطلاعاتم پاک شود");

        Assert.Contains("اطلاعات شما در تاریخ ۱۴", citizen.LastText); // a Jalali date in Persian digits
        Assert.Contains("بدون نام شما نگه داشته شد: گزارش‌های باز", citizen.LastText);
        Assert.Contains(TrackingCode.Format(code), CitizenDriver.Readable(citizen.LastText));
        Assert.Contains("اگر دوباره پیام دهید، مانند یک شهروند تازه شروع می‌کنید.", citizen.LastText);
        Assert.Empty(citizen.Buttons);
        await AssertErasedAsync(citizen, code);
        citizen.SaveTranscript($"privacy-{ChannelName}-forget-fa");
    }

    [Fact]
    public async Task Forget_in_english_erases_the_citizen_keeps_the_open_report_and_a_later_message_starts_anew()
    {
        var citizen = await NewCitizenAsync("en");
        var code = await FilesReportAsync(citizen, "en", AdminHost.NewPlace());
        long before;
        await using (var db = Host.Bot.CreateDbContext())
        {
            before = (await db.Tickets.SingleAsync()).CitizenId;
        }

        await citizen.SaysAsync("/forget");
        Assert.Contains("Do you want the city's 137 service to erase your details?", citizen.LastText);
        await citizen.PressesAsync("Erase my details");

        Assert.Contains("Your details were erased on 20", citizen.LastText);
        Assert.Contains($"Kept without your name: your open reports {TrackingCode.Format(code)}.", citizen.LastText);
        await AssertErasedAsync(citizen, code);

        // The staff see who is gone, and cannot reply to nobody.
        long id;
        await using (var db = Host.Bot.CreateDbContext())
        {
            id = (await db.Tickets.SingleAsync()).Id;
        }

        using var staff = await Host.SignInAsync("admin", AdminHost.AdminPassword);
        var page = await staff.GetPageAsync($"/admin/tickets/{id}");
        Assert.Contains("data-privacy=\"erased\"", page);
        Assert.DoesNotContain("name=\"Mode\" value=\"reply\"", page); // only an internal note is offered
        var reply = await staff.PostFormAsync($"/admin/tickets/{id}?handler=reply", new() { ["Text"] = "Anyone there?" }, $"/admin/tickets/{id}");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.StatusCode);
        Assert.Contains("اطلاعات شهروند پاک شده است", await reply.Content.ReadAsStringAsync()); // the panel speaks Persian by default

        await citizen.SaysAsync("/my");
        Assert.Contains("You have no reports yet.", citizen.LastText);
        await using (var db = Host.Bot.CreateDbContext())
        {
            var fresh = await db.Conversations.SingleAsync(c => c.ExternalChatId == citizen.ChatId);
            Assert.NotEqual(before, fresh.CitizenId);
        }

        citizen.SaveTranscript($"privacy-{ChannelName}-forget-en");
    }

    [Fact]
    public async Task Erasing_a_citizen_who_follows_another_report_removes_them_from_its_followers()
    {
        var place = AdminHost.NewPlace();
        var reporter = await NewCitizenAsync("en");
        await FilesReportAsync(reporter, "en", place);
        var follower = await NewCitizenAsync("en");
        await follower.SaysAsync("/new");
        await follower.PressesAsync("Light");
        await follower.SharesLocationAsync(place.Latitude + 0.00002, place.Longitude);
        await follower.SaysAsync("The lamp post at the corner is broken and dark.");
        await follower.PressesAsync("Skip");
        await follower.PressesAsync("Submit");
        await follower.PressesAsync("Follow that one");
        await using (var db = Host.Bot.CreateDbContext())
        {
            Assert.Equal(1, await db.TicketFollowers.CountAsync());
        }

        await follower.SaysAsync("/forget");
        await follower.PressesAsync("Erase my details");

        Assert.DoesNotContain("open reports", follower.LastText); // they filed none: nothing of theirs is kept
        await using (var db = Host.Bot.CreateDbContext())
        {
            Assert.Equal(0, await db.TicketFollowers.CountAsync());
            var ticket = await db.Tickets.Include(t => t.Citizen).SingleAsync();
            Assert.Null(ticket.CitizenErasedAt); // the reporter's ticket is untouched
            Assert.Equal(reporter.ChatId, (await db.Conversations.SingleAsync(c => c.CitizenId == ticket.CitizenId)).ExternalChatId);
            Assert.False(await db.Conversations.AnyAsync(c => c.ExternalChatId == follower.ChatId));
        }
    }

    private const string PersianDescription = "چراغ خیابان جلوی پلاک ۱۲ یک هفته است خاموش است.";
    private const string EnglishDescription = "The street light in front of number 12 has been dark for a week.";

    /// <summary>Nothing of the citizen is left but the kept report without them; the reply that said so is unlinked.</summary>
    private async Task AssertErasedAsync(ICitizen citizen, string code)
    {
        await using var db = Host.Bot.CreateDbContext();
        var ticket = await db.Tickets.SingleAsync(t => t.TrackingCode == code);
        var nobody = await db.Citizens.SingleAsync(c => c.Channel == PlaceholderCitizen.Channel);
        Assert.Equal(nobody.Id, ticket.CitizenId);
        Assert.NotNull(ticket.CitizenErasedAt);
        Assert.Equal(TicketStatus.New, ticket.Status);
        Assert.Null(nobody.Name);
        Assert.Null(nobody.Phone);
        Assert.Equal(1, await db.Citizens.CountAsync()); // only the placeholder
        Assert.False(await db.Conversations.AnyAsync());
        Assert.False(await db.Outbox.AnyAsync(m => m.CitizenId != null && m.ExternalChatId == citizen.ChatId));
        Assert.False(await db.Inbox.AnyAsync(m => m.ExternalChatId == citizen.ChatId && m.Payload != "{}"));
        Assert.All(await db.TicketEvents.Where(e => e.TicketId == ticket.Id && e.ActorKind == ActorKind.Citizen).ToListAsync(), e => Assert.Equal(nobody.Id, e.ActorId));
    }

    /// <summary>Reports a dark street light at <paramref name="place"/>, without photos; returns its tracking code.</summary>
    private async Task<string> FilesReportAsync(ICitizen citizen, string language, (double Latitude, double Longitude) place)
    {
        var fa = language == "fa";
        await citizen.SaysAsync("/new");
        await citizen.PressesAsync(fa ? "روشنایی" : "Light");
        await citizen.SharesLocationAsync(place.Latitude, place.Longitude);
        await citizen.SaysAsync(fa ? PersianDescription : EnglishDescription);
        await citizen.PressesAsync(fa ? "رد شدن" : "Skip");
        await citizen.PressesAsync(fa ? "ثبت گزارش" : "Submit");
        Assert.Contains(fa ? "گزارش شما ثبت شد" : "Your report is registered", citizen.LastText);
        await using var db = Host.Bot.CreateDbContext();
        return (await db.Tickets.OrderByDescending(t => t.Id).FirstAsync()).TrackingCode;
    }
}
