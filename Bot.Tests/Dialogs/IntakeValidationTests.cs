using ChatIntake.Dialogs.Engine;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Dialogs;

/// <summary>Every answer the intake refuses gets a reason and the question again; nothing already given is lost.</summary>
public sealed class IntakeValidationTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    private BotApplicationFactory Bot => fixture.Bot;

    [Fact]
    public async Task Unrecognised_category_text_asks_again_with_the_buttons()
    {
        var citizen = Bot.Citizen("val-cat", "en");
        await citizen.SaysAsync("/new");
        await citizen.SaysAsync("blah blah");
        Assert.Contains("couldn't tell which subject", citizen.LastText);
        Assert.Contains(citizen.Buttons, b => b.Contains("Other", StringComparison.Ordinal));

        await citizen.SendsPhotoAsync();
        Assert.Contains("choose the subject first", citizen.LastText);

        await citizen.SaysAsync("there is a big pothole");
        Assert.Contains("Subject: Asphalt & Potholes", citizen.LastText);
    }

    [Fact]
    public async Task Locations_outside_the_city_or_impossible_are_refused_with_a_reason()
    {
        var citizen = Bot.Citizen("val-loc", "en");
        await citizen.SaysAsync("/new");
        await citizen.PressesAsync("Light");

        await citizen.SharesLocationAsync(35.80, 51.55);
        Assert.Contains("outside the area this service covers", citizen.LastText);
        await citizen.SharesLocationAsync(0, 0);
        Assert.Contains("outside the area", citizen.LastText);
        await citizen.SharesLocationAsync(999, 999);
        Assert.Contains("not a place on Earth", citizen.LastText);
        await citizen.SaysAsync("999, 999");
        Assert.Contains("not a place on Earth", citizen.LastText);
        await citizen.SaysAsync("abc");
        Assert.Contains("too short", citizen.LastText);
        await citizen.SaysAsync("😀😀😀");
        Assert.Contains("I need the place of the problem", citizen.LastText);
        await citizen.SendsPhotoAsync();
        Assert.Contains("I need the place of the problem", citizen.LastText);
        Assert.Contains(citizen.LastReplies[^1].SuggestedActions, a => a.Kind == SuggestedActionKind.RequestLocation);

        await citizen.SaysAsync("۳۵٫۶۸، ۵۱٫۴۳");
        Assert.Contains("Location received: District 4", citizen.LastText);
    }

    [Fact]
    public async Task Description_too_short_too_long_wordless_or_a_photo_is_refused_with_a_reason()
    {
        var citizen = Bot.Citizen("val-desc", "en");
        await citizen.SaysAsync("/new");
        await citizen.PressesAsync("Light");
        await citizen.SharesLocationAsync(35.725, 51.43);

        await citizen.SaysAsync("dark");
        Assert.Contains("a little short (4 characters)", citizen.LastText);
        await citizen.SaysAsync(new string('x', 2001));
        Assert.Contains("too long (2001 characters; at most 2000)", citizen.LastText);
        await citizen.SaysAsync("🔦🔦🔦🔦🔦🔦🔦🔦🔦🔦🔦🔦");
        Assert.Contains("describe the problem in words", citizen.LastText);
        await citizen.SendsPhotoAsync();
        Assert.Contains("please write the description first", citizen.LastText);
        await citizen.SaysAsync("   ");
        Assert.Contains("The description is empty", citizen.LastText);

        await citizen.SaysAsync("The lamp has been dark for days.");
        Assert.Contains("Would you like to add photos?", citizen.LastText);
    }

    [Fact]
    public async Task Photo_step_accepts_images_only_at_most_five_and_requires_one_where_the_category_says_so()
    {
        var citizen = Bot.Citizen("val-photo", "en");
        await citizen.SaysAsync("/new");
        await citizen.PressesAsync("Construction");
        await citizen.SharesLocationAsync(35.68, 51.37);
        await citizen.SaysAsync("A building is going up without any permit sign.");
        Assert.Contains("needs at least one photo", citizen.LastText);
        Assert.Equal(["Done"], citizen.Buttons);

        await citizen.PressesAsync("Done");
        Assert.Contains("needs at least one photo", citizen.LastText);
        await citizen.SaysAsync("here you go");
        Assert.Contains("Please send a photo", citizen.LastText);
        await citizen.SendAsync(new Activity { Attachments = [new ActivityAttachment(AttachmentKinds.Document, "doc-1", "application/pdf", 10)] });
        Assert.Contains("Only photos", citizen.LastText);

        for (var i = 1; i <= 5; i++)
        {
            await citizen.SendsPhotoAsync($"p{i}");
        }

        Assert.Contains("Please check your report", citizen.LastText);
        Assert.Contains("• Photos: 5", citizen.LastText);
    }

    [Fact]
    public async Task Cancel_mid_report_files_nothing_and_cancel_with_nothing_says_so()
    {
        var citizen = Bot.Citizen("val-cancel", "en");
        await citizen.SaysAsync("/cancel");
        Assert.Contains("nothing to cancel", citizen.LastText);

        await citizen.SaysAsync("/new");
        await citizen.PressesAsync("Waste");
        await citizen.SaysAsync("/cancel");
        Assert.Contains("Cancelled. Nothing was submitted", citizen.LastText);
        Assert.Equal(["📝 New report", "📋 My reports", "❓ Help"], citizen.Buttons);

        await citizen.ReachesSummaryAsync(35.7251, 51.3702);
        await citizen.PressesAsync("Cancel");
        Assert.Contains("cancelled and nothing was submitted", citizen.LastText);
        await using var db = Bot.CreateDbContext();
        var me = await db.Citizens.SingleAsync(c => c.ExternalUserId == "user-val-cancel");
        Assert.False(await db.Tickets.AnyAsync(t => t.CitizenId == me.Id));
    }

    [Fact]
    public async Task Changing_a_field_at_the_summary_returns_to_the_summary_with_the_new_value()
    {
        var citizen = Bot.Citizen("val-change", "en");
        await citizen.ReachesSummaryAsync(35.7252, 51.3704);

        await citizen.PressesAsync("Description");
        Assert.Contains("Please describe the problem", citizen.LastText);
        await citizen.SaysAsync("Actually two lamps are out, both on the north side.");
        Assert.Contains("• Description: Actually two lamps are out", citizen.LastText);
        Assert.Contains("• Subject: Street Lighting", citizen.LastText, StringComparison.OrdinalIgnoreCase);

        await citizen.PressesAsync("Location");
        await citizen.SaysAsync("Azadi street, opposite the bakery");
        Assert.Contains("• Location: Azadi street, opposite the bakery", citizen.LastText);

        await citizen.PressesAsync("Subject");
        await citizen.PressesAsync("Waste");
        Assert.Contains("• Subject: Waste", citizen.LastText, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Help_and_language_switch_mid_dialog_keep_the_step_and_ask_again_in_the_new_language()
    {
        var citizen = Bot.Citizen("val-lang", "en");
        await citizen.SaysAsync("/new");
        await citizen.PressesAsync("Light");

        await citizen.SaysAsync("/help");
        Assert.Contains("How it works", citizen.LastText);
        Assert.Contains("Where is it?", citizen.LastText);

        await citizen.SaysAsync("/lang fa");
        Assert.Contains("زبان به فارسی تغییر کرد", citizen.LastText);
        Assert.Contains("کجاست؟", citizen.LastText);

        await citizen.SharesLocationAsync(35.725, 51.43);
        Assert.Contains("منطقه ۲", citizen.LastText);
    }

    [Fact]
    public async Task Unknown_commands_and_chatter_get_the_menu()
    {
        var citizen = Bot.Citizen("val-chat", "en");
        await citizen.SaysAsync("/frobnicate");
        Assert.Contains("I don't know the command /frobnicate", citizen.LastText);
        await citizen.SaysAsync("hello?");
        Assert.Contains("I didn't understand that", citizen.LastText);
        Assert.Equal(3, citizen.Buttons.Count);
    }
}
