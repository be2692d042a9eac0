using System.Net;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;
using ChatIntake.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatIntake.Tests.Admin;

/// <summary>The host's text catalog follows the TextOverrides table, also for changes this process did not make.</summary>
public sealed class TextOverrideRefresherTests
{
    [Fact]
    public async Task A_text_whose_edit_is_deleted_from_the_database_is_the_default_again_within_seconds()
    {
        var catalog = new TextCatalog();
        var host = new AdminHost(browser: false, configureServices: services => services.AddSingleton(catalog));
        await host.InitializeAsync();
        try
        {
            using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
            var saved = await admin.PostFormAsync("/admin/settings/texts", new()
            {
                ["key"] = "notify.status", ["fa"] = catalog.Template("notify.status", IntakeCultures.Persian), ["en"] = "Report {0} moved on: {1}.",
            });
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            Assert.Equal("Report {0} moved on: {1}.", catalog.Template("notify.status", IntakeCultures.English));

            // Removed as another instance or an operator would: straight from the table.
            await using (var db = host.Bot.CreateDbContext())
            {
                await db.TextOverrides.Where(t => t.Key == "notify.status").ExecuteDeleteAsync();
            }

            var original = new TextCatalog().Template("notify.status", IntakeCultures.English);
            await Eventually.UntilAsync(() => catalog.Template("notify.status", IntakeCultures.English), text => text == original,
                "the deleted edit to give way to the built-in text", TimeSpan.FromSeconds(15));
            Assert.Contains($">{WebUtility.HtmlEncode(original)}</textarea>", await admin.GetPageAsync("/admin/settings/texts"));
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
