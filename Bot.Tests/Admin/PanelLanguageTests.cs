using System.Globalization;
using System.Net;
using ChatIntake.Admin.Texts;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatIntake.Tests.Admin;

/// <summary>Every value a staff member reads is in the page's language, with Persian digits on Persian pages: no raw codes.</summary>
public sealed class PanelLanguageTests(AdminHost host) : IClassFixture<AdminHost>
{
    private static string Invariant(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>A pothole report taken on the phone, referred to the Waste Management department in district D2.</summary>
    private async Task<long> PhoneTicketReferredAsync(StaffClient admin, string phone)
    {
        var (latitude, longitude) = AdminHost.NewPlace();
        var filed = await admin.PostFormAsync("/admin/tickets/new", new()
        {
            ["Name"] = "Reza", ["Phone"] = phone, ["Language"] = "fa", ["Kind"] = "Problem", ["Category"] = "pothole",
            ["Latitude"] = Invariant(latitude), ["Longitude"] = Invariant(longitude), ["Description"] = "A deep pothole in front of the school gate.",
        });
        Assert.Equal(HttpStatusCode.Redirect, filed.StatusCode);
        var id = long.Parse(filed.Headers.Location!.OriginalString.Split('/').Last(), CultureInfo.InvariantCulture);
        var page = $"/admin/tickets/{id}";
        var district = await host.DistrictIdAsync("D2");
        var referred = await admin.PostFormAsync($"{page}?handler=refer", new() { ["department"] = "Waste Management", ["district"] = district.ToString(CultureInfo.InvariantCulture) }, page);
        Assert.Equal(HttpStatusCode.Redirect, referred.StatusCode);
        return id;
    }

    private static async Task ToEnglishAsync(StaffClient client) =>
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync("/admin/language", new() { ["to"] = "en", ["returnUrl"] = "/admin" }, "/admin")).StatusCode);

    [Fact]
    public async Task The_ticket_page_names_department_channel_language_phone_and_referral_in_the_pages_language()
    {
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        var id = await PhoneTicketReferredAsync(admin, "09121112233");

        var fa = await admin.GetPageAsync($"/admin/tickets/{id}");
        Assert.Contains("<dd>مدیریت پسماند</dd>", fa);
        Assert.Contains(">تماس تلفنی</dd>", fa);
        Assert.Contains("<dd>فارسی</dd>", fa);
        Assert.Contains("۰۹۱۲۱۱۱۲۲۳۳", fa);
        Assert.Contains("مدیریت پسماند · منطقه ۲", fa);
        Assert.Contains("مدیر سامانه (", fa);
        Assert.DoesNotContain(">phone</dd>", fa);
        Assert.DoesNotContain("<dd>fa</dd>", fa);

        await ToEnglishAsync(admin);
        var en = await admin.GetPageAsync($"/admin/tickets/{id}");
        Assert.Contains("<dd>Waste Management</dd>", en);
        Assert.Contains(">Phone call</dd>", en);
        Assert.Contains("<dd>Persian</dd>", en);
        Assert.Contains("Waste Management · District 2", en);
        Assert.Contains("09121112233", en);
    }

    [Fact]
    public async Task The_audit_log_names_statuses_in_the_pages_language()
    {
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        var (id, _, _) = await host.FileTicketAsync("pl-audit");
        var page = $"/admin/tickets/{id}";
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"{page}?handler=status", new() { ["status"] = "InProgress" }, page)).StatusCode);

        var fa = await admin.GetPageAsync("/admin/audit?what=status");
        Assert.Contains("ثبت‌شده → در حال رسیدگی", fa);
        Assert.DoesNotContain("New → InProgress", fa);
        await ToEnglishAsync(admin);
        Assert.Contains("Registered → In progress", await admin.GetPageAsync("/admin/audit?what=status"));
    }

    [Fact]
    public async Task The_jobs_page_says_schedules_and_states_in_words()
    {
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        var fa = await admin.GetPageAsync("/admin/settings/jobs");
        Assert.Contains("هر روز ساعت ۰۸:۰۰", fa);
        Assert.Contains("گزارش روزانه کارکنان", fa);
        Assert.Contains("زمان‌بندی‌شده", fa);
        Assert.DoesNotContain("0 0 8 * * ?", fa);
        Assert.DoesNotContain(">Normal<", fa);

        await ToEnglishAsync(admin);
        var en = await admin.GetPageAsync("/admin/settings/jobs");
        Assert.Contains("daily at 08:00", en);
        Assert.Matches(@"every \d+ (seconds|minutes)", en);
        Assert.DoesNotContain("every 00:", en);
    }

    [Fact]
    public async Task Notes_the_system_wrote_in_english_read_in_persian_with_persian_digits()
    {
        using var scope = host.Bot.Services.CreateScope();
        // No request: the city's language (fa), as on a Persian page.
        var texts = scope.ServiceProvider.GetRequiredService<AdminText>();
        Assert.Equal("پرسش «برطرف شد؟» فرستاده شد", texts.SystemNote("survey sent"));
        Assert.Equal("پیام «در حال رسیدگی» فرستاده شد (گفت‌وگویی برای فرستادن نیست)", texts.SystemNote("progress notice sent (no chat to send to)"));
        Assert.Equal("۷۵٪ زمان پاسخ گذشت: یادآوری به مدیر سامانه، Sara (۱ از ۲ از راه پیام‌رسان)",
            texts.SystemNote("75% of the response time used: reminded — Administrator, Sara (1 of 2 by messenger)"));
        Assert.Equal("a citizen's own words stay", texts.SystemNote("a citizen's own words stay"));
        Assert.Equal("هر ۱۵ ثانیه", texts.Schedule(TimeSpan.FromSeconds(15), null));
        Assert.Equal("۳۵٫۷۱۲۳۴، ۵۱٫۴", texts.Coordinates(35.71234, 51.4));
    }
}
