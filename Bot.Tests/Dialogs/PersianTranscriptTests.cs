using System.Net;
using System.Text;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;
using ChatIntake.Tests.Admin;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Dialogs;

/// <summary>
/// Whole Persian conversations read as a citizen reads them: every line opens right to left, the menu stays after each
/// answer, first words that name a problem start a report, and a typed address finds its district or asks for it.
/// </summary>
public sealed class PersianTranscriptTests(IntakeFixture fixture) : IClassFixture<IntakeFixture>
{
    private static readonly string[] MenuFa = ["📝 ثبت گزارش جدید", "📋 گزارش‌های من", "❓ راهنما"];

    private BotApplicationFactory Bot => fixture.Bot;

    [Fact]
    public async Task Help_my_and_status_in_persian_open_right_to_left_on_every_line_and_leave_the_menu()
    {
        var citizen = Bot.Citizen("fa-layout", "fa");
        var (latitude, longitude) = AdminHost.NewPlace("D1");
        await citizen.SaysAsync("/new");
        await citizen.PressesAsync("روشنایی");
        await citizen.SharesLocationAsync(latitude, longitude);
        Assert.Contains("موقعیت دریافت شد: منطقه ۱ (۳۵٫", citizen.LastText);
        Assert.Contains("، ۵۱٫", citizen.LastText);
        await citizen.SaysAsync("چراغ خیابان جلوی پلاک ۱۲ یک هفته است خاموش است.");
        await citizen.PressesAsync("رد شدن");
        AssertLaidOut(citizen);
        await citizen.PressesAsync("ثبت گزارش");
        AssertLaidOut(citizen);
        var code = await CodeAsync(citizen);
        Assert.Contains("\u2066" + code[..4] + "\u2011" + code[4..] + "\u2069", citizen.LastText);

        await citizen.SaysAsync("/help");
        AssertLaidOut(citizen);
        Assert.Contains("\u2066/status\u2069 کد", citizen.LastText);
        Assert.Equal(MenuFa, citizen.Buttons);

        await citizen.SaysAsync("/my");
        AssertLaidOut(citizen);
        Assert.Contains("• \u2066" + code[..4] + "\u2011" + code[4..] + "\u2069 — روشنایی معابر", citizen.LastText);
        Assert.Equal(MenuFa, citizen.Buttons);

        // The code as shown (non-breaking hyphen, isolates) is what a citizen copies back.
        var shown = citizen.LastText[citizen.LastText.IndexOf('\u2066', StringComparison.Ordinal)..(citizen.LastText.IndexOf('\u2069', StringComparison.Ordinal) + 1)];
        await citizen.SaysAsync("/status " + shown);
        AssertLaidOut(citizen);
        Assert.Contains("• وضعیت: ثبت‌شده", citizen.LastText);
        Assert.Equal(MenuFa, citizen.Buttons);

        await citizen.SaysAsync("/status");
        AssertLaidOut(citizen);
        Assert.Equal(MenuFa, citizen.Buttons);
        Save(citizen, "persian-help-my-status");
    }

    [Theory]
    [InlineData("en", "the street light outside my house is broken", "Street Lighting", "Yes", "Your message is the description")]
    [InlineData("fa", "زباله", "جمع‌آوری زباله", "بله", "لطفاً مشکل را شرح دهید")]
    public async Task A_first_message_that_names_a_problem_starts_a_report_with_the_subject_offered(string language, string words, string subject, string yes, string next)
    {
        var citizen = Bot.Citizen("natural-" + language, language);
        await citizen.SaysAsync(words);
        Assert.Contains(subject, citizen.LastText);
        Assert.Contains(citizen.Buttons, b => b.Contains(yes, StringComparison.Ordinal));
        await citizen.PressesAsync(yes);
        Assert.Contains(language == "fa" ? "کجاست؟" : "Where is it?", citizen.LastText);
        var (latitude, longitude) = AdminHost.NewPlace("D2");
        await citizen.SharesLocationAsync(latitude, longitude);
        Assert.Contains(next, citizen.LastText);
        if (language == "fa")
        {
            await citizen.SaysAsync("سطل‌های زباله سر کوچه سه روز است خالی نشده‌اند.");
        }

        await citizen.PressesAsync(language == "fa" ? "رد شدن" : "Skip");
        Assert.Contains(language == "fa" ? "• موضوع: جمع‌آوری زباله" : "• Description: the street light outside my house is broken", citizen.LastText);
        await citizen.PressesAsync(language == "fa" ? "ثبت گزارش" : "Submit");
        Assert.Contains(language == "fa" ? "گزارش شما ثبت شد" : "Your report is registered", citizen.LastText);
        Save(citizen, "natural-first-message-" + language);
    }

    [Fact]
    public async Task A_new_problem_typed_while_a_report_is_open_is_offered_as_a_new_report_beside_add_to_the_open_one()
    {
        var citizen = Bot.Citizen("natural-open", "en");
        var code = await citizen.FilesReportAsync();

        await citizen.SaysAsync("There is a big pile of garbage at the bus stop on Azadi street");
        Assert.Contains(citizen.Buttons, b => b.Contains("Add to " + code, StringComparison.Ordinal));
        await citizen.PressesAsync("A new report");
        Assert.Contains("Waste Collection", citizen.LastText);
        await citizen.PressesAsync("Yes");
        Assert.Contains("Where is it?", citizen.LastText);

        await citizen.SaysAsync("new report");
        Assert.Contains("What is the problem about?", citizen.LastText);
        await citizen.SaysAsync("/cancel");
        Assert.Contains("Nothing was submitted", citizen.LastText);

        var persian = Bot.Citizen("natural-open-fa", "fa");
        await persian.SaysAsync("گزارش جدید");
        Assert.Contains("گزارش شما درباره چیست؟", persian.LastText);
        Save(citizen, "natural-open-report-en");
    }

    [Theory]
    [InlineData("fa", "خیابان ولیعصر، نزديك ميدان ونك، کوچه دوم", "D1", "نشانی دریافت شد؛ در منطقه ۱")]
    [InlineData("fa", "نارمک، خیابان ۲۲ متری، پلاک ۱۴", "D2", "نشانی دریافت شد؛ در منطقه ۲")]
    [InlineData("fa", "سعادتآباد، بلوار دریا", "D1", "منطقه ۱")]
    [InlineData("en", "Sattarkhan St., near the bakery, no. 40", "D3", "Address received, in District 3")]
    public async Task A_typed_address_that_names_a_neighbourhood_finds_its_district(string language, string address, string district, string said)
    {
        var citizen = Bot.Citizen($"address-{language}-{district}-{address.Length}", language);
        await ReachesLocationAsync(citizen, language);
        await citizen.SaysAsync(address);
        Assert.Contains(said, citizen.LastText);
        var ticket = await FinishAsync(citizen, language);
        Assert.Equal(await DistrictIdAsync(district), ticket.DistrictId);
        Assert.Equal(PersianText.Clean(address), ticket.AddressText);
    }

    [Fact]
    public async Task An_address_without_a_district_asks_for_it_and_only_i_dont_know_leaves_the_ticket_without_one()
    {
        var picker = Bot.Citizen("address-pick", "fa");
        await ReachesLocationAsync(picker, "fa");
        await picker.SaysAsync("خیابان گلستان، روبروی نانوایی");
        Assert.Contains("در کدام منطقه شهر است؟", picker.LastText);
        Assert.Equal(["منطقه ۱", "منطقه ۲", "منطقه ۳", "منطقه ۴", "🤷 نمی‌دانم"], picker.Buttons);
        await picker.PressesAsync("منطقه ۴");
        Assert.Contains("منطقه: منطقه ۴", picker.LastText);
        var picked = await FinishAsync(picker, "fa");
        Assert.Equal(await DistrictIdAsync("D4"), picked.DistrictId);

        var typer = Bot.Citizen("address-type", "en");
        await ReachesLocationAsync(typer, "en");
        await typer.SaysAsync("Golestan street, opposite the bakery");
        Assert.Contains("Which district of the city is it in?", typer.LastText);
        await typer.SaysAsync("near Khavaran");
        Assert.Contains("District: District 4", typer.LastText);
        Assert.Equal(await DistrictIdAsync("D4"), (await FinishAsync(typer, "en")).DistrictId);

        var unsure = Bot.Citizen("address-unknown", "fa");
        await ReachesLocationAsync(unsure, "fa");
        await unsure.SaysAsync("خیابان گلستان، روبروی نانوایی");
        await unsure.PressesAsync("نمی‌دانم");
        Assert.Contains("منطقه را از روی نشانی پیدا می‌کنند", unsure.LastText);
        var unknown = await FinishAsync(unsure, "fa");
        Assert.Null(unknown.DistrictId);
        Save(unsure, "address-unknown-district-fa");
    }

    [Fact]
    public async Task District_matching_folds_arabic_letters_zwnj_and_digits_and_takes_whole_words_only()
    {
        IReadOnlyList<DistrictInfo> districts =
        [
            new(1, "D1", "منطقه ۱", "District 1", ["ونک", "سعادت‌آباد", "Vanak"]),
            new(2, "D2", "منطقه ۲", "District 2", ["نارمک"]),
        ];
        Assert.Equal([1], DistrictMatcher.Match("ميدان ونك", districts).Select(d => d.Id));
        Assert.Equal([1], DistrictMatcher.Match("سعادت آباد", districts).Select(d => d.Id));
        Assert.Equal([1], DistrictMatcher.Match("سعادت\u200cآباد، کوچه ۵", districts).Select(d => d.Id));
        Assert.Equal([2], DistrictMatcher.Match("منطقه 2، خیابان اول", districts).Select(d => d.Id));
        Assert.Equal([1], DistrictMatcher.Match("(VANAK square)", districts).Select(d => d.Id));
        Assert.Empty(DistrictMatcher.Match("دونکته", districts));
        Assert.Empty(DistrictMatcher.Match("منطقه ۱۲", districts));
    }

    private static async Task ReachesLocationAsync(CitizenDriver citizen, string language)
    {
        await citizen.SaysAsync("/new");
        await citizen.PressesAsync(language == "fa" ? "روشنایی" : "Light");
        Assert.Contains(language == "fa" ? "کجاست؟" : "Where is it?", citizen.LastText);
    }

    private async Task<ChatIntake.Tickets.Ticket> FinishAsync(CitizenDriver citizen, string language)
    {
        var fa = language == "fa";
        Assert.Contains(fa ? "لطفاً مشکل را شرح دهید" : "Please describe the problem", citizen.LastText);
        await citizen.SaysAsync(fa ? "چراغ‌های این خیابان یک هفته است خاموش است." : "The street lights here have been dark for a week.");
        await citizen.PressesAsync(fa ? "رد شدن" : "Skip");
        AssertLaidOut(citizen);
        await citizen.PressesAsync(fa ? "ثبت گزارش" : "Submit");
        Assert.Contains(fa ? "گزارش شما ثبت شد" : "Your report is registered", citizen.LastText);
        var code = await CodeAsync(citizen);
        await using var db = Bot.CreateDbContext();
        return await db.Tickets.AsNoTracking().SingleAsync(t => t.TrackingCode == code);
    }

    private async Task<int> DistrictIdAsync(string code)
    {
        await using var db = Bot.CreateDbContext();
        return await db.Districts.Where(d => d.Code == code).Select(d => d.Id).SingleAsync();
    }

    private async Task<string> CodeAsync(CitizenDriver citizen)
    {
        await using var db = Bot.CreateDbContext();
        var codes = await db.Tickets.AsNoTracking().Select(t => t.TrackingCode).ToListAsync();
        var folded = citizen.LastText.Replace('\u2011', '-');
        return codes.Single(c => folded.Contains(TrackingCode.Format(c), StringComparison.Ordinal));
    }

    /// <summary>Every Persian line of the last replies opens right to left, and no reply has a run of blank lines.</summary>
    private static void AssertLaidOut(CitizenDriver citizen)
    {
        foreach (var reply in citizen.LastReplies.Select(r => r.Text ?? string.Empty))
        {
            Assert.DoesNotContain("\n\n\n", reply);
            if (!reply.Any(TextLayout.IsRightToLeftLetter))
            {
                continue;
            }

            foreach (var line in reply.Split('\n').Where(l => l.Length > 0))
            {
                Assert.True(TextLayout.OpensRightToLeft(line), "opens left to right: " + line);
            }
        }
    }

    /// <summary>The transcript as text, and as a right-to-left chat page that a person (and Chromium) can look at.</summary>
    private static void Save(CitizenDriver citizen, string name)
    {
        citizen.SaveTranscript(name);
        var html = new StringBuilder("<!doctype html><html lang=\"fa\" dir=\"rtl\"><meta charset=\"utf-8\"><style>")
            .Append("body{font-family:'Vazirmatn','Noto Sans Arabic','DejaVu Sans',sans-serif;background:#dfe7ee;width:420px;margin:0;padding:8px}")
            .Append(".m{white-space:pre-wrap;unicode-bidi:plaintext;text-align:start;border-radius:12px;padding:8px 10px;margin:6px 0;max-width:330px;font-size:14px;line-height:1.5}")
            .Append(".b{background:#fff;margin-left:auto}.u{background:#effdde;margin-right:auto}.k{display:flex;flex-wrap:wrap;gap:4px;margin:2px 0 8px}")
            .Append(".k span{background:#5a8fbb;color:#fff;border-radius:6px;padding:4px 8px;font-size:13px;unicode-bidi:plaintext}</style><body>");
        foreach (var entry in citizen.Transcript)
        {
            var mine = entry.StartsWith("👤", StringComparison.Ordinal);
            var text = entry[2..].TrimStart();
            var buttons = string.Empty;
            var keyboard = text.LastIndexOf("\n   [", StringComparison.Ordinal);
            if (!mine && keyboard >= 0)
            {
                buttons = text[(keyboard + 5)..].TrimEnd(']');
                text = text[..keyboard];
            }

            html.Append("<div class=\"m ").Append(mine ? 'u' : 'b').Append("\">").Append(WebUtility.HtmlEncode(text)).Append("</div>");
            if (buttons.Length > 0)
            {
                html.Append("<div class=\"k\">");
                foreach (var button in buttons.Split("] [", StringSplitOptions.None))
                {
                    html.Append("<span>").Append(WebUtility.HtmlEncode(button)).Append("</span>");
                }

                html.Append("</div>");
            }
        }

        var folder = Path.Combine(ArtifactPaths.Root, "transcripts");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, name + ".html"), html.Append("</body></html>").ToString());
    }
}
