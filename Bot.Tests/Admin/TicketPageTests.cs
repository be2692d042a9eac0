using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using ChatIntake.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatIntake.Tests.Admin;

/// <summary>What the ticket page tells staff about delivery and reachability, and the first start's account.</summary>
public sealed partial class TicketPageTests(AdminHost host) : IClassFixture<AdminHost>
{
    [Fact]
    public async Task A_reply_the_messenger_refuses_shows_as_not_delivered_and_the_citizen_as_unreachable()
    {
        var (id, _, _) = await host.FileTicketAsync("tp-blocked");
        host.Bot.Channel.Behaviour = (message, _) => message.ChatId == "tp-blocked" ? SendResult.Fail("Forbidden: bot was blocked by the user", recipientUnreachable: true) : null;
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        var page = $"/admin/tickets/{id}";
        await admin.PostFormAsync($"{page}?handler=reply", new() { ["Text"] = "Are you still there?" }, page);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
        {
            await host.Bot.WaitForOutboxAsync("tp-blocked", timeout.Token);
        }

        var html = await admin.GetPageAsync(page);
        Assert.Contains("data-delivery=\"Failed\"", html);
        Assert.Contains("bot was blocked by the user", html);
        Assert.Contains("data-reach=\"unreachable\"", html);
    }

    [Fact]
    public async Task A_live_refresh_between_an_action_and_its_page_leaves_the_outcome_for_the_page()
    {
        var (id, _, _) = await host.FileTicketAsync("tp-flash");
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        var page = $"/admin/tickets/{id}";
        var noted = await admin.PostFormAsync($"{page}?handler=note", new() { ["Text"] = "Checked the pole." }, page);
        Assert.Equal(HttpStatusCode.Redirect, noted.StatusCode);

        // The open page's timer may fire after the post's answer and before the browser follows its redirect.
        using var refresh = new HttpRequestMessage(HttpMethod.Get, page);
        refresh.Headers.Add("X-Live-Refresh", "1");
        var live = await admin.Http.SendAsync(refresh);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.DoesNotContain("class=\"flash\"", await live.Content.ReadAsStringAsync());

        Assert.Contains("class=\"flash\"", await admin.GetPageAsync(page));
        Assert.DoesNotContain("class=\"flash\"", await admin.GetPageAsync(page));
    }

    [Fact]
    public async Task The_citizens_other_tickets_are_listed_on_the_ticket_page()
    {
        var (first, firstCode, _) = await host.FileTicketAsync("tp-many");
        var (second, _, _) = await host.FileTicketAsync("tp-many", waste: true);
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        var html = await admin.GetPageAsync($"/admin/tickets/{second}");
        Assert.Contains($"href=\"/admin/tickets/{first}\"", html);
        Assert.Contains(ChatIntake.Dialogs.Intake.TrackingCode.Format(firstCode), html);
    }

    [Fact]
    public async Task A_phone_callers_ticket_takes_notes_but_refuses_a_chat_reply_with_a_message()
    {
        using var admin = await host.SignInAsync("admin", AdminHost.AdminPassword);
        var created = await admin.PostFormAsync("/admin/tickets/new", new()
        {
            ["Name"] = "Reza", ["Phone"] = "۰۹۱۲۱۱۱۲۲۳۳", ["Language"] = "fa", ["Category"] = "pothole",
            ["Address"] = "خیابان آزادی، نبش کوچه ششم", ["Description"] = "چاله بزرگ وسط خیابان باعث تصادف شده است.",
        });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var page = created.Headers.Location!.OriginalString;
        var reply = await admin.PostFormAsync($"{page}?handler=reply", new() { ["Text"] = "We will call you back." }, page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.StatusCode);
        var html = await reply.Content.ReadAsStringAsync();
        Assert.Contains("ربات نمی‌تواند پاسخی برایش بفرستد", html);
        Assert.Contains("We will call you back.", html);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostFormAsync($"{page}?handler=note", new() { ["Text"] = "Called back at 10." }, page)).StatusCode);

        await using var db = host.Bot.CreateDbContext();
        var ticket = await db.Tickets.Include(t => t.Citizen).SingleAsync(t => t.Citizen!.Phone == "09121112233");
        Assert.Equal("خیابان آزادی، نبش کوچه ششم", ticket.AddressText);
        Assert.Null(ticket.DistrictId);
        Assert.False(await db.Outbox.AnyAsync(m => m.TicketId == ticket.Id));
    }

    [Fact]
    public async Task The_first_start_without_a_configured_password_logs_a_generated_one_that_signs_in()
    {
        var logs = new LogCapture();
        var own = new AdminHost(browser: false, new Dictionary<string, string?> { ["Admin:InitialPassword"] = "" }, services => services.AddSingleton<ILoggerProvider>(logs));
        await own.InitializeAsync();
        try
        {
            var line = Assert.Single(logs.Lines, l => l.Contains("generated password", StringComparison.Ordinal));
            var password = GeneratedPassword().Match(line).Groups[1].Value;
            Assert.Equal(16, password.Length);
            using var admin = await own.SignInAsync("admin", password);
            Assert.Contains("data-live=\"queue\"", await admin.GetPageAsync("/admin"));
        }
        finally
        {
            await own.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_downloaded_photo_is_streamed_to_staff_from_the_attachments_folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"attachments-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path.Combine(folder, "2026"));
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4];
        await File.WriteAllBytesAsync(Path.Combine(folder, "2026", "p1.jpg"), jpeg);
        var own = new AdminHost(browser: false, new Dictionary<string, string?> { ["Attachments:Folder"] = folder });
        await own.InitializeAsync();
        try
        {
            var (id, _, citizen) = await own.FileTicketAsync("tp-photo");
            await citizen.SendsPhotoAsync("file-from-telegram");
            await citizen.PressesAsync("➕");
            long photo;
            await using (var db = own.Bot.CreateDbContext())
            {
                // What the channel's downloader does once it has fetched the file.
                var attachment = await db.Attachments.SingleAsync(a => a.TicketId == id && a.ChannelFileId == "file-from-telegram");
                attachment.StoredPath = "2026/p1.jpg";
                attachment.ContentType = "image/jpeg";
                await db.SaveChangesAsync();
                photo = attachment.Id;
            }

            using var admin = await own.SignInAsync("admin", AdminHost.AdminPassword);
            Assert.Contains($"<img src=\"/admin/attachments/{photo}\"", await admin.GetPageAsync($"/admin/tickets/{id}"));
            var response = await admin.GetAsync($"/admin/attachments/{photo}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(jpeg, await response.Content.ReadAsByteArrayAsync());

            // A document, or a picture type a browser could run script in, is only ever downloaded.
            await using (var db = own.Bot.CreateDbContext())
            {
                var attachment = await db.Attachments.SingleAsync(a => a.Id == photo);
                attachment.ContentType = "image/svg+xml";
                await db.SaveChangesAsync();
            }

            // The file's own bytes decide, not its label: this one is a script-carrying SVG now.
            await File.WriteAllTextAsync(Path.Combine(folder, "2026", "p1.jpg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>");

            var svg = await admin.GetAsync($"/admin/attachments/{photo}");
            Assert.Equal("application/octet-stream", svg.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment", svg.Content.Headers.ContentDisposition?.DispositionType);

            // One the downloader gave up on says why.
            await using (var db = own.Bot.CreateDbContext())
            {
                var attachment = await db.Attachments.SingleAsync(a => a.Id == photo);
                (attachment.StoredPath, attachment.DownloadError) = (null, "file is too big");
                await db.SaveChangesAsync();
            }

            Assert.Contains("(دریافت نشد: file is too big)", await admin.GetPageAsync($"/admin/tickets/{id}"));
        }
        finally
        {
            await own.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    [GeneratedRegex("generated password (\\S+);")]
    private static partial Regex GeneratedPassword();

    /// <summary>Keeps what the host logs, for a test to read.</summary>
    private sealed class LogCapture : ILoggerProvider, ILogger
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => [.. _lines];

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _lines.Enqueue(formatter(state, exception));

        public void Dispose()
        {
        }
    }
}
