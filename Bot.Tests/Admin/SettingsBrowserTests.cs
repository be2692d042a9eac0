using System.Globalization;
using System.Text.RegularExpressions;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace ChatIntake.Tests.Admin;

/// <summary>The phone form's map, the texts page's preview, the keywords' tags, in Chromium; and screenshots of the settings pages to look at.</summary>
[Trait("Database", "Any")] // what a browser makes of the pages, run once: their server side runs on both databases in the HTTP tests
public sealed class SettingsBrowserTests(MapPanelFixture panel) : IClassFixture<MapPanelFixture>, IAsyncLifetime
{
    private readonly List<IPage> _pages = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var page in _pages)
        {
            await page.Context.CloseAsync();
        }
    }

    private async Task<IPage> PageAsync(string language = "en", bool phone = false)
    {
        var page = await panel.Browser.SignedInPageAsync(language: language, phone: phone);
        _pages.Add(page);
        return page;
    }

    [Fact]
    public async Task The_phone_form_takes_the_point_from_a_click_and_a_dragged_pin_on_the_map()
    {
        var page = await PageAsync();
        await page.GotoAsync("/admin/tickets/new");
        var map = page.Locator("#picker.leaflet-container");
        await Assertions.Expect(map).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#picker img.leaflet-tile-loaded").First).ToBeAttachedAsync();
        Assert.True(panel.TilesServed > 0);
        await Assertions.Expect(page.Locator("select[name=District]")).ToHaveCountAsync(0);

        var box = (await map.BoundingBoxAsync())!;
        await page.Mouse.ClickAsync(box.X + (box.Width / 2) + 6, box.Y + (box.Height / 2) + 4);
        await Assertions.Expect(page.Locator("input[name=Latitude]")).Not.ToHaveValueAsync("");
        var clicked = await page.InputValueAsync("input[name=Latitude]");

        var pin = (await page.Locator("[data-pin]").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(pin.X + (pin.Width / 2), pin.Y + (pin.Height / 2));
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(pin.X + (pin.Width / 2) + 30, pin.Y + (pin.Height / 2) + 20, new() { Steps = 8 });
        await page.Mouse.UpAsync();
        await Assertions.Expect(page.Locator("input[name=Latitude]")).Not.ToHaveValueAsync(clicked);
        var latitude = double.Parse(await page.InputValueAsync("input[name=Latitude]"), CultureInfo.InvariantCulture);
        var longitude = double.Parse(await page.InputValueAsync("input[name=Longitude]"), CultureInfo.InvariantCulture);
        await BrowserFixture.ScreenshotAsync(page, "phone-form-map-en-desktop");

        await page.FillAsync("input[name=Phone]", "0912 000 1122");
        await page.SelectOptionAsync("select[name=Category]", "lighting");
        await page.FillAsync("textarea[name=Description]", "The lamp at the bus stop is out since Sunday.");
        await page.ClickAsync("form.intake button[type=submit]");
        await Assertions.Expect(page.Locator(".flash")).ToContainTextAsync("tracking code");
        var code = Regex.Match(await page.Locator(".flash").InnerTextAsync(), "[A-Z0-9]{4}-[A-Z0-9]{4}").Value;
        Assert.True(TrackingCode.TryNormalize(code, out var normalized));
        await using var db = panel.Browser.Host.Bot.CreateDbContext();
        var ticket = await db.Tickets.SingleAsync(t => t.TrackingCode == normalized);
        Assert.Equal(latitude, ticket.Latitude!.Value, 5);
        Assert.Equal(longitude, ticket.Longitude!.Value, 5);
        Assert.NotNull(ticket.DistrictId);
        lock (panel.Browser.ConsoleErrors)
        {
            Assert.Empty(panel.Browser.ConsoleErrors);
        }
    }

    [Fact]
    public async Task The_ticket_page_saves_the_place_where_its_pin_was_dragged()
    {
        var (id, _, _) = await panel.Browser.Host.FileTicketAsync("place-browser", district: "D1");
        var page = await PageAsync("fa");
        await page.GotoAsync($"/admin/tickets/{id}");
        var map = page.Locator("#place #picker.leaflet-container");
        await Assertions.Expect(map).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#picker img.leaflet-tile-loaded").First).ToBeAttachedAsync();
        var was = await page.InputValueAsync("#place input[name=Latitude]");

        await page.Locator("#place").ScrollIntoViewIfNeededAsync();
        var pin = (await page.Locator("[data-pin]").BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(pin.X + (pin.Width / 2), pin.Y + (pin.Height / 2));
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(pin.X + (pin.Width / 2) + 40, pin.Y + (pin.Height / 2) + 25, new() { Steps = 8 });
        await page.Mouse.UpAsync();
        await Assertions.Expect(page.Locator("#place input[name=Latitude]")).Not.ToHaveValueAsync(was);
        var latitude = double.Parse(await page.InputValueAsync("#place input[name=Latitude]"), CultureInfo.InvariantCulture);
        var longitude = double.Parse(await page.InputValueAsync("#place input[name=Longitude]"), CultureInfo.InvariantCulture);
        await BrowserFixture.ScreenshotAsync(page, "ticket-place-map-fa-desktop");

        await page.ClickAsync("#place button[type=submit]");
        await Assertions.Expect(page.Locator(".flash")).ToContainTextAsync("محل اصلاح شد");
        await using var db = panel.Browser.Host.Bot.CreateDbContext();
        var ticket = await db.Tickets.SingleAsync(t => t.Id == id);
        Assert.Equal(latitude, ticket.Latitude!.Value, 5);
        Assert.Equal(longitude, ticket.Longitude!.Value, 5);
        Assert.True(await db.TicketEvents.AnyAsync(e => e.TicketId == id && e.Kind == TicketEventKind.PlaceCorrected));
        lock (panel.Browser.ConsoleErrors)
        {
            Assert.Empty(panel.Browser.ConsoleErrors);
        }
    }

    [Fact]
    public async Task The_texts_page_previews_an_edit_in_both_languages_and_saves_the_page_at_once()
    {
        var page = await PageAsync(language: "fa");
        await page.GotoAsync("/admin/settings/texts");
        var card = page.Locator("#text-notify-status");
        await Assertions.Expect(card.Locator("h3")).ToHaveTextAsync("تغییر وضعیت");
        await Assertions.Expect(card.Locator(".holes")).ToContainTextAsync("کد رهگیری");
        await Assertions.Expect(card.Locator("[data-preview='fa:notify.status']")).ToContainTextAsync("ABCD-2345");
        Assert.Equal(1, await page.Locator("form#texts button[type=submit]").CountAsync());

        await card.Locator("textarea[name='en:notify.status']").FillAsync("Report {0} is now: {1}!");
        await Assertions.Expect(card.Locator("[data-preview='en:notify.status']")).ToHaveTextAsync("Report ABCD-2345 is now: In progress!");
        await Assertions.Expect(card).ToHaveClassAsync(new Regex("changed"));
        await page.Locator("#text-followup-closed textarea[name='fa:followup.closed']").FillAsync("پرونده {0} بسته شد. سپاس!");
        await Assertions.Expect(page.Locator("[data-changed-count]")).ToContainTextAsync("۲");
        await page.ClickAsync("form#texts .save-bar button");
        await Assertions.Expect(page.Locator(".flash")).ToHaveTextAsync("۲ متن ذخیره شد.");
        await using var db = panel.Browser.Host.Bot.CreateDbContext();
        Assert.Equal("Report {0} is now: {1}!", (await db.TextOverrides.SingleAsync(t => t.Key == "notify.status" && t.Language == "en")).Text);
    }

    [Fact]
    public async Task Keywords_are_added_and_removed_as_tags()
    {
        var page = await PageAsync();
        await page.GotoAsync("/admin/settings/categories");
        var parks = page.Locator("details[data-code=parks]");
        await parks.Locator("summary").ClickAsync();
        var typing = parks.Locator(".tags[dir=ltr] .tag-input");
        await typing.FillAsync("fallen branch");
        await typing.PressAsync("Enter");
        await Assertions.Expect(parks.Locator(".tags[dir=ltr] .tag", new() { HasText = "fallen branch" })).ToBeVisibleAsync();
        var first = parks.Locator(".tags[dir=ltr] .tag").First;
        var removed = (await first.InnerTextAsync()).TrimEnd('×').Trim();
        await first.Locator(".tag-remove").ClickAsync();
        await parks.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".flash")).ToBeVisibleAsync();
        await using var db = panel.Browser.Host.Bot.CreateDbContext();
        var keywords = (await db.Categories.SingleAsync(c => c.Code == "parks")).KeywordsEn.Split('|');
        Assert.Contains("fallen branch", keywords);
        Assert.DoesNotContain(removed, keywords);
    }

    [Fact]
    public async Task Screenshots_of_the_settings_pages_and_the_front_page()
    {
        foreach (var language in new[] { "fa", "en" })
        {
            foreach (var phone in new[] { false, true })
            {
                var page = await PageAsync(language, phone);
                var device = phone ? "phone" : "desktop";
                foreach (var (path, name) in new[] { ("/admin/settings/texts", "texts"), ("/admin/settings/categories", "categories"), ("/admin/settings/departments", "departments") })
                {
                    await page.GotoAsync(path);
                    await BrowserFixture.ScreenshotAsync(page, $"settings-{name}-{language}-{device}");
                }

                if (language == "fa")
                {
                    // The front page speaks the city's language (fa here), whatever the panel's cookie says.
                    await page.GotoAsync("/");
                    await Assertions.Expect(page.Locator("#to-panel")).ToBeVisibleAsync();
                    await BrowserFixture.ScreenshotAsync(page, $"landing-fa-{device}");
                }

                await page.GotoAsync("/admin/tickets/new");
                await Assertions.Expect(page.Locator("#picker.leaflet-container")).ToBeVisibleAsync();
                await BrowserFixture.ScreenshotAsync(page, $"phone-form-map-{language}-{device}");
            }
        }
    }
}
