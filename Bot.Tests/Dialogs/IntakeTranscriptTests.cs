using ChatIntake.Dialogs.Intake;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Dialogs;

/// <summary>The citizen's whole intake, turn by turn, through the real pipeline (inbox, turns, outbox, channel).</summary>
public sealed class IntakeTranscriptTests : IAsyncLifetime
{
    private readonly BotApplicationFactory _bot = new();

    public Task InitializeAsync()
    {
        _ = _bot.Services;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        _bot.DeleteDatabase();
    }

    [Fact]
    public async Task Whole_intake_in_english_creates_a_ticket_with_a_tracking_code()
    {
        var citizen = _bot.Citizen("en-1", "en");

        await citizen.SaysAsync("/start");
        Assert.Contains("What would you like to do?", citizen.LastText);
        Assert.Equal(["📝 New report", "📋 My reports", "❓ Help"], citizen.Buttons);

        await citizen.PressesAsync("New report");
        Assert.Contains("What is the problem about?", citizen.LastText);
        Assert.Contains("Street Lighting", string.Join("|", citizen.Buttons), StringComparison.OrdinalIgnoreCase);

        await citizen.PressesAsync("Light");
        Assert.Contains("Subject:", citizen.LastText);
        Assert.Contains("Where is it?", citizen.LastText);
        Assert.Contains(citizen.LastReplies[^1].SuggestedActions, a => a.Kind == ChatIntake.Dialogs.Engine.SuggestedActionKind.RequestLocation);

        await citizen.SharesLocationAsync(35.725, 51.37);
        Assert.Contains("Location received: District 1", citizen.LastText);
        Assert.Contains("Please describe the problem", citizen.LastText);

        await citizen.SaysAsync("The street light in front of number 12 has been dark for a week.");
        Assert.Contains("Would you like to add photos?", citizen.LastText);

        await citizen.SendsPhotoAsync("file-a");
        Assert.Contains("Photo received (1 of 5)", citizen.LastText);

        await citizen.PressesAsync("Done");
        Assert.Contains("Please check your report", citizen.LastText);
        Assert.Contains("• Photos: 1", citizen.LastText);

        await citizen.PressesAsync("Submit");
        Assert.Contains("Your report is registered", citizen.LastText);
        citizen.SaveTranscript("intake-en");

        await using var db = _bot.CreateDbContext();
        var ticket = await db.Tickets.Include(t => t.Attachments).SingleAsync();
        Assert.Contains(TrackingCode.Format(ticket.TrackingCode), citizen.LastText);
        Assert.Equal(TicketStatus.New, ticket.Status);
        Assert.Equal("The street light in front of number 12 has been dark for a week.", ticket.Description);
        Assert.Equal("file-a", Assert.Single(ticket.Attachments).ChannelFileId);
        Assert.NotNull(ticket.DistrictId);
        Assert.Equal(["📝 New report", "📋 My reports", "❓ Help"], citizen.Buttons);
    }

    [Fact]
    public async Task Whole_intake_in_persian_by_typing_creates_a_ticket()
    {
        var citizen = _bot.Citizen("fa-1", "fa");

        await citizen.SaysAsync("/start");
        Assert.Contains("سلام", citizen.LastText);
        Assert.Equal(["📝 ثبت گزارش جدید", "📋 گزارش‌های من", "❓ راهنما"], citizen.Buttons);

        await citizen.PressesAsync("ثبت گزارش");
        Assert.Contains("گزارش شما درباره چیست؟", citizen.LastText);

        // Typed, with an Arabic yeh and kaf and a zero-width joiner: normalised before keyword matching.
        await citizen.SaysAsync("چراغ برق كوچه ما خاموش\u200Dه");
        Assert.Contains("موضوع: ", citizen.LastText);
        Assert.Contains("روشنایی", citizen.LastText);
        Assert.Contains("کجاست؟", citizen.LastText);

        await citizen.SaysAsync("خیابان آزادی، روبروی پارک لاله، کوچه سوم");
        Assert.Contains("نشانی دریافت شد", citizen.LastText);
        Assert.Contains("لطفاً مشکل را شرح دهید", citizen.LastText);
        Assert.Contains("۱۰", citizen.LastText);

        await citizen.SaysAsync("دو هفته است که چراغ‌های این کوچه شب‌ها خاموش است و رفت‌وآمد خطرناک شده.");
        Assert.Contains("عکس", citizen.LastText);

        await citizen.PressesAsync("رد شدن");
        Assert.Contains("لطفاً گزارش خود را بررسی کنید", citizen.LastText);
        Assert.Contains("عکس‌ها: ۰", citizen.LastText);

        await citizen.PressesAsync("ثبت گزارش");
        Assert.Contains("گزارش شما ثبت شد", citizen.LastText);
        citizen.SaveTranscript("intake-fa");

        await using var db = _bot.CreateDbContext();
        var ticket = await db.Tickets.SingleAsync();
        Assert.Contains(TrackingCode.Format(ticket.TrackingCode), citizen.LastText);
        Assert.Equal("خیابان آزادی، روبروی پارک لاله، کوچه سوم", ticket.AddressText);
        Assert.Null(ticket.DistrictId);
        Assert.Equal("lighting", (await db.Categories.SingleAsync(c => c.Id == ticket.CategoryId)).Code);
        var saved = await db.Citizens.SingleAsync();
        Assert.Equal("fa", saved.Language);
    }
}
