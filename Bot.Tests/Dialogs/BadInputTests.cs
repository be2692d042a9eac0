using ChatIntake.Dialogs.Engine;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Dialogs;

/// <summary>Hostile or broken input gets a clear message, is stored (when stored) as plain text, and loses nothing already given.</summary>
public sealed class BadInputTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    private BotApplicationFactory Bot => fixture.Bot;

    [Fact]
    public async Task Empty_and_huge_messages_get_a_clear_answer()
    {
        var citizen = Bot.Citizen("bad-empty", "fa");
        await citizen.SendAsync(new Activity { Text = "" });
        Assert.Contains("پیام خالی دریافت شد", citizen.LastText);

        await citizen.SaysAsync(new string('ب', 100 * 1024));
        Assert.Contains("متوجه نشدم", citizen.LastText);

        await citizen.SaysAsync("/new");
        await citizen.PressesAsync("روشنایی");
        await citizen.SharesLocationAsync(35.725, 51.37);
        await citizen.SaysAsync(new string('ب', 100 * 1024));
        Assert.Contains("شرح مشکل طولانی است", citizen.LastText);
        Assert.Contains("۱۰۲۴۰۰", citizen.LastText);

        // Nothing given before is lost: the next good answer carries on from the same step.
        await citizen.SaysAsync("لامپ تیر برق جلوی مدرسه سوخته است.");
        Assert.Contains("عکس", citizen.LastText);
    }

    [Fact]
    public async Task Bidi_overrides_and_zero_width_characters_are_removed_before_storing()
    {
        var citizen = Bot.Citizen("bad-bidi", "en");
        await citizen.SaysAsync("/new");
        await citizen.PressesAsync("Waste");
        await citizen.SharesLocationAsync(35.7249, 51.4301);
        await citizen.SaysAsync("\u202EBins\u200B overflowing\u2066 near the gate\u200F for days");
        await citizen.PressesAsync("Skip");
        await citizen.PressesAsync("Submit");

        await using var db = Bot.CreateDbContext();
        var me = await db.Citizens.SingleAsync(c => c.ExternalUserId == "user-bad-bidi");
        var ticket = await db.Tickets.SingleAsync(t => t.CitizenId == me.Id);
        Assert.Equal("Bins overflowing near the gate for days", ticket.Description);

        // Only invisible characters: nothing to report.
        await citizen.SaysAsync("/new");
        await citizen.PressesAsync("Waste");
        await citizen.SharesLocationAsync(35.7249, 51.4302);
        await citizen.SaysAsync("\u200B\u200B\u202E\u202C\u200F");
        Assert.Contains("The description is empty", citizen.LastText);
    }

    [Fact]
    public async Task Sql_and_html_fragments_are_stored_verbatim_as_text()
    {
        const string hostile = "'); DROP TABLE Tickets; -- <script>alert('x')</script> <b>bold</b>";
        var citizen = Bot.Citizen("bad-sql", "en");
        await citizen.SaysAsync("/new");
        await citizen.PressesAsync("Parks");
        await citizen.SaysAsync("Park street <img src=x onerror=alert(1)>");
        await citizen.PressesAsync("I don't know");
        await citizen.SaysAsync(hostile);
        await citizen.PressesAsync("Skip");
        Assert.Contains(hostile, citizen.LastText);
        await citizen.PressesAsync("Submit");

        await using var db = Bot.CreateDbContext();
        var me = await db.Citizens.SingleAsync(c => c.ExternalUserId == "user-bad-sql");
        var ticket = await db.Tickets.SingleAsync(t => t.CitizenId == me.Id);
        Assert.Equal(hostile, ticket.Description);
        Assert.Equal("Park street <img src=x onerror=alert(1)>", ticket.AddressText);
        Assert.True(await db.Tickets.AnyAsync());
    }

    [Fact]
    public async Task Impossible_coordinates_and_the_wrong_kind_of_message_are_explained()
    {
        var citizen = Bot.Citizen("bad-kind", "fa");
        await citizen.SaysAsync("/new");
        await citizen.SendsPhotoAsync();
        Assert.Contains("ابتدا موضوع را با یکی از دکمه‌ها انتخاب کنید", citizen.LastText);
        await citizen.PressesAsync("زباله");

        await citizen.SharesLocationAsync(0, 0);
        Assert.Contains("خارج از محدوده", citizen.LastText);
        await citizen.SharesLocationAsync(999, 999);
        Assert.Contains("مختصات معتبر نیست", citizen.LastText);
        await citizen.SaysAsync("🗑️🗑️");
        Assert.Contains("به محل مشکل نیاز دارم", citizen.LastText);

        await citizen.SharesLocationAsync(35.68, 51.37);
        Assert.Contains("منطقه ۳", citizen.LastText);
        await citizen.SendsPhotoAsync();
        Assert.Contains("ابتدا شرح مشکل را بنویسید", citizen.LastText);
    }
}
