using System.Globalization;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace ChatIntake.Tests.Admin;

/// <summary>Staff refer a ticket to an outside agency in Chromium and record its answer; screenshots of both languages for people to look at.</summary>
[Trait("Database", "Any")] // what a browser makes of the pages, run once: their server side runs on both databases in the HTTP tests
public sealed class AgencyBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private AdminHost Host => browser.Host;

    [Fact]
    public async Task Staff_refer_a_ticket_to_an_agency_with_a_jalali_date_and_record_its_answer_in_both_languages()
    {
        using (var admin = await Host.SignInAsync("admin", AdminHost.AdminPassword))
        {
            await admin.PostFormAsync("/admin/settings/agencies?handler=save",
                new() { ["nameFa"] = "شرکت آب و فاضلاب", ["nameEn"] = "Water and Wastewater Company", ["contact"] = "۱۵۲۲ — واحد حوادث", ["isActive"] = "true" },
                "/admin/settings/agencies");
        }

        var (id, code, citizen) = await Host.FileTicketAsync("brag-water", language: "fa", description: "کف خیابان بعد از ترکیدگی لوله آب نشست کرده و آسفالت ندارد.");
        var zone = Host.Bot.Service<WorkingCalendar>().Zone;
        var expected = TimeZoneInfo.ConvertTime(Host.Bot.Service<TimeProvider>().GetUtcNow(), zone).Date.AddDays(5);
        var jalali = new PersianCalendar();
        var typed = PersianText.ToPersianDigits(string.Create(CultureInfo.InvariantCulture, $"{jalali.GetYear(expected)}/{jalali.GetMonth(expected):00}/{jalali.GetDayOfMonth(expected):00}"));

        var fa = await browser.SignedInPageAsync(language: "fa");
        try
        {
            await fa.GotoAsync($"/admin/tickets/{id}");
            await fa.SelectOptionAsync("#agency select[name=agency]", new SelectOptionValue { Label = "شرکت آب و فاضلاب" });
            await fa.FillAsync("#agency input[name=AgencyReference]", "۹۸۷۶-ب");
            await fa.FillAsync("#agency input[name=AgencyExpected]", typed);
            await fa.ClickAsync("#agency button[type=submit]");
            await Assertions.Expect(fa.Locator(".ticket-head .badge.agency")).ToHaveTextAsync("نزد شرکت آب و فاضلاب");
            await Assertions.Expect(fa.Locator("#agency-held")).ToContainTextAsync(typed);
            await Assertions.Expect(fa.Locator("[data-clock=paused]")).ToBeVisibleAsync();
            await Assertions.Expect(fa.Locator(".k-AgencyReferred [data-delivery=Sent]")).ToBeVisibleAsync();
            await BrowserFixture.ScreenshotAsync(fa, "ticket-agency-fa");

            await fa.GotoAsync("/admin");
            await Assertions.Expect(fa.Locator($"tr[data-code='{code}'] .badge.agency")).ToHaveTextAsync("نزد شرکت آب و فاضلاب");
            await BrowserFixture.ScreenshotAsync(fa, "queue-agency-fa");
        }
        finally
        {
            await fa.Context.CloseAsync();
        }

        var told = Host.Bot.Channel.DeliveredTo(citizen.ChatId).Last(a => a.Text?.Contains("شرکت آب و فاضلاب", StringComparison.Ordinal) == true).Text!;
        Assert.Contains(typed, told);
        Assert.Contains(TrackingCode.Format(code), told.Replace('\u2011', '-')); // Persian shows a non-breaking hyphen

        var en = await browser.SignedInPageAsync(language: "en");
        try
        {
            await en.GotoAsync($"/admin/tickets/{id}");
            await Assertions.Expect(en.Locator(".ticket-head .badge.agency")).ToHaveTextAsync("With Water and Wastewater Company");
            await Assertions.Expect(en.Locator("#agency-held")).ToContainTextAsync(expected.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            await BrowserFixture.ScreenshotAsync(en, "ticket-agency-en");

            await en.FillAsync("#agency-answer textarea[name=Text]", "The main pipe is repaired; the asphalt is the municipality's to lay.");
            await en.ClickAsync("#agency-answer button[type=submit]");
            await Assertions.Expect(en.Locator(".k-AgencyAnswered .author")).ToHaveTextAsync("Water and Wastewater Company");
            await Assertions.Expect(en.Locator(".ticket-head .badge.agency")).ToHaveCountAsync(0);
            await Assertions.Expect(en.Locator("#agency")).ToBeVisibleAsync();
            await BrowserFixture.ScreenshotAsync(en, "ticket-agency-answered-en");
        }
        finally
        {
            await en.Context.CloseAsync();
        }

        await using var db = Host.Bot.CreateDbContext();
        Assert.Null((await db.Tickets.SingleAsync(t => t.Id == id)).AgencySince);
    }
}
