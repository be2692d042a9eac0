using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Admin;

/// <summary>Departments are administered rows: seeded from the categories with their names, renamed on their page, kept while in use.</summary>
public sealed class DepartmentTests(AdminHost host) : IClassFixture<AdminHost>
{
    private async Task<int> IdAsync(string code)
    {
        await using var db = host.Bot.CreateDbContext();
        return await db.Departments.Where(d => d.Code == code).Select(d => d.Id).SingleAsync();
    }

    [Fact]
    public async Task Every_category_department_is_seeded_with_its_names_in_both_languages()
    {
        await using var db = host.Bot.CreateDbContext();
        var codes = await db.Categories.Select(c => c.Department).Distinct().ToListAsync();
        var departments = await db.Departments.ToDictionaryAsync(d => d.Code);
        Assert.All(codes, code => Assert.True(departments.ContainsKey(code), code));
        Assert.Equal(("روشنایی معابر", "Street Lighting"), (departments["Street Lighting"].NameFa, departments["Street Lighting"].NameEn));

        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        var page = await admin.GetPageAsync("/admin/settings/departments");
        Assert.Contains("value=\"معابر و راه‌سازی\"", page);
    }

    [Fact]
    public async Task A_renamed_department_is_what_the_queue_staff_read_on_the_ticket_page()
    {
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        var (ticketId, _, _) = await host.FileTicketAsync("dep-rename", waste: true);
        var saved = await admin.PostFormAsync("/admin/settings/departments?handler=save", new()
        {
            ["id"] = (await IdAsync("Waste Management")).ToString(CultureInfo.InvariantCulture), ["nameFa"] = "خدمات شهری و پسماند", ["nameEn"] = "City Services & Waste", ["districtId"] = "",
        }, "/admin/settings/departments");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var ticket = await admin.GetPageAsync($"/admin/tickets/{ticketId}");
        Assert.Contains("<dd>خدمات شهری و پسماند</dd>", ticket);
        Assert.Contains("<option value=\"Waste Management\">خدمات شهری و پسماند</option>", ticket);
        await using var db = host.Bot.CreateDbContext();
        Assert.True(await db.Audit.AnyAsync(a => a.Action == "department-save" && a.Detail!.Contains("City Services & Waste")));
    }

    [Fact]
    public async Task A_department_in_use_is_kept_and_an_unused_one_is_deleted()
    {
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        var refused = await admin.PostFormAsync("/admin/settings/departments?handler=delete", new() { ["id"] = (await IdAsync("Roads")).ToString(CultureInfo.InvariantCulture) }, "/admin/settings/departments");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("حذف نمی‌شود", await refused.Content.ReadAsStringAsync());

        var added = await admin.PostFormAsync("/admin/settings/departments?handler=save", new()
        {
            ["code"] = "north-office", ["nameFa"] = "دفتر شمال", ["nameEn"] = "North office", ["districtId"] = (await host.DistrictIdAsync("D1")).ToString(CultureInfo.InvariantCulture),
        }, "/admin/settings/departments");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var deleted = await admin.PostFormAsync("/admin/settings/departments?handler=delete", new() { ["id"] = (await IdAsync("north-office")).ToString(CultureInfo.InvariantCulture) }, "/admin/settings/departments");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        await using var db = host.Bot.CreateDbContext();
        Assert.False(await db.Departments.AnyAsync(d => d.Code == "north-office"));
    }

    [Fact]
    public async Task A_category_must_name_a_known_department()
    {
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        var refused = await admin.PostFormAsync("/admin/settings/categories", new()
        {
            ["code"] = "graffiti", ["nameFa"] = "دیوارنویسی", ["nameEn"] = "Graffiti", ["department"] = "Nobody Knows",
            ["responseHours"] = "24", ["resolutionHours"] = "72", ["isActive"] = "true",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("واحد را از فهرست انتخاب کنید", await refused.Content.ReadAsStringAsync());
    }
}
