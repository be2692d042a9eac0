using ChatIntake.Tests.Infrastructure;
using System.Text;
using ChatIntake.Tests.Channels.DirectLine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace ChatIntake.Tests.Admin;

/// <summary>
/// The attack from outside, in Chromium: a citizen uploads an SVG whose script adds an administrator with the staff
/// member's own session, and a signed-in administrator opens the file's link. The script must not run.
/// </summary>
[Trait("Database", "Any")] // what a browser makes of the pages, run once: their server side runs on both databases in the HTTP tests
public sealed class UploadTakeoverBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    // Reads the staff page with the victim's cookie, takes the antiforgery token and adds an administrator.
    private const string Payload =
        """
        <svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" fill="red"/>
        <script>
        localStorage.setItem('svg-ran', '1');
        fetch('/admin/settings/staff', { credentials: 'same-origin' }).then(r => r.text()).then(html => {
          const doc = new DOMParser().parseFromString(html, 'text/html');
          const token = doc.querySelector('input[name=__RequestVerificationToken]').value;
          const body = new URLSearchParams({ __RequestVerificationToken: token, userName: 'intruder', password: 'intruder-password-1',
            displayName: 'Intruder', role: 'Administrator' });
          return fetch('/admin/settings/staff?handler=add', { method: 'POST', credentials: 'same-origin', body });
        }).then(() => localStorage.setItem('svg-done', '1'));
        </script></svg>
        """;

    [Fact]
    public async Task A_citizens_svg_opened_by_a_signed_in_administrator_is_downloaded_and_its_script_never_runs()
    {
        using var http = browser.Host.Bot.CreateClient();
        var chat = await DirectLineTestClient.StartAsync(http);
        var link = (await WebChatUploads.UploadAsync(http, chat, Encoding.UTF8.GetBytes(Payload), "image/svg+xml", "pothole.svg"))["contentUrl"]!.GetValue<string>();
        var page = await browser.SignedInPageAsync();
        var downloads = new List<IDownload>();
        page.Download += (_, download) => downloads.Add(download);
        try
        {
            try
            {
                await page.GotoAsync(link);
            }
            catch (PlaywrightException)
            {
                // A navigation that becomes a download is reported as aborted.
            }

            // Bounded: until the browser took it as a download, or the page's script (had it run) finished its requests.
            await Eventually.UntilAsync(async () => downloads.Count > 0 ||
                    await page.EvaluateAsync<string?>("(() => { try { return localStorage.getItem('svg-done'); } catch { return null; } })()") is not null,
                "the browser to take the file as a download (or the script to finish)", TimeSpan.FromSeconds(10));

            await page.GotoAsync("/admin");
            Assert.Null(await page.EvaluateAsync<string?>("localStorage.getItem('svg-ran')"));
            await using (var db = browser.Host.Bot.CreateDbContext())
            {
                Assert.False(await db.Staff.AnyAsync(s => s.UserName == "intruder"), "the upload's script added an administrator");
            }

            Assert.Equal("pothole.svg", Assert.Single(downloads).SuggestedFilename);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
