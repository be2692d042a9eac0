using System.Net;
using ChatIntake.Tests.Admin;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Privacy;

/// <summary>Staff redact a citizen's message or photo from the ticket page: a reason is required, it is audited, and the original is deleted.</summary>
public sealed class RedactionTests : IAsyncLifetime
{
    private readonly string _files = Path.Combine(Path.GetTempPath(), "redaction-files-" + Guid.NewGuid().ToString("N"));
    private readonly AdminHost _host;

    public RedactionTests() => _host = AdminHost.With(new Dictionary<string, string?> { ["Attachments:Folder"] = _files });

    public Task InitializeAsync() => _host.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        if (Directory.Exists(_files))
        {
            Directory.Delete(_files, recursive: true);
        }
    }

    [Fact]
    public async Task A_message_and_a_photo_are_redacted_with_a_reason_and_their_originals_deleted()
    {
        var (id, _, citizen) = await _host.FileTicketAsync("redact-" + Guid.NewGuid().ToString("N")[..8], "en", description: "The lamp by my house is out; I am Sara Ahmadi of 12 Rose Street.");
        await PrivacyTestData.AddWordsAsync(citizen, "My neighbour Reza Karimi at number 14 keeps breaking it.");
        var (photoId, photo) = await PrivacyTestData.AddPhotoAsync(_host, id, citizen);
        long detail, filing, reply;
        using var staff = await _host.SignInAsync("admin", AdminHost.AdminPassword);
        var page = $"/admin/tickets/{id}";
        await staff.PostFormAsync($"{page}?handler=reply", new() { ["Text"] = "Thank you, we are on it." }, page);
        await using (var db = _host.Bot.CreateDbContext())
        {
            detail = (await db.TicketEvents.SingleAsync(e => e.TicketId == id && e.Text!.Contains("Reza Karimi"))).Id;
            filing = (await db.TicketEvents.SingleAsync(e => e.TicketId == id && e.Text!.Contains("Sara Ahmadi"))).Id;
            reply = (await db.TicketEvents.SingleAsync(e => e.TicketId == id && e.Kind == TicketEventKind.StaffReply)).Id;
        }

        Assert.Contains($"data-redact=\"{detail}\"", await staff.GetPageAsync(page));

        var noReason = await staff.PostFormAsync($"{page}?handler=redact", new() { ["entry"] = $"{detail}", ["Reason"] = "  " }, page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        var staffWords = await staff.PostFormAsync($"{page}?handler=redact", new() { ["entry"] = $"{reply}", ["Reason"] = "mine" }, page);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, staffWords.StatusCode);
        Assert.Contains("فقط پیام شهروند یا فایلی", await staffWords.Content.ReadAsStringAsync()); // the panel speaks Persian by default

        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostFormAsync($"{page}?handler=redact", new() { ["entry"] = $"{detail}", ["Reason"] = "Names a third person" }, page)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostFormAsync($"{page}?handler=redact", new() { ["entry"] = $"{filing}", ["Reason"] = "The citizen's own name and address" }, page)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.PostFormAsync($"{page}?handler=redact", new() { ["attachment"] = $"{photoId}", ["Reason"] = "Shows a face" }, page)).StatusCode);

        await using (var db = _host.Bot.CreateDbContext())
        {
            var text = await PrivacyTestData.AllTextAsync(db);
            Assert.DoesNotContain(text, t => t.Value.Contains("Reza Karimi", StringComparison.Ordinal) || t.Value.Contains("Sara Ahmadi", StringComparison.Ordinal));
            Assert.Equal(TicketWorkflow.Redacted, (await db.TicketEvents.SingleAsync(e => e.Id == detail)).Text);
            Assert.Equal(TicketWorkflow.Redacted, (await db.Tickets.SingleAsync(t => t.Id == id)).Description);
            var file = await db.Attachments.SingleAsync(a => a.Id == photoId);
            Assert.Null(file.StoredPath);
            Assert.StartsWith("removed:", file.ChannelFileId);
            Assert.Equal(0, await db.PendingFileDeletions.CountAsync());
            var audit = await db.Audit.Where(a => a.TicketId == id && a.Action == "redact").OrderBy(a => a.Id).Select(a => a.Detail).ToListAsync();
            Assert.Equal([$"message {detail}: Names a third person", $"message {filing}: The citizen's own name and address", $"photo {photoId}: Shows a face"], audit);
            Assert.Equal(3, await db.TicketEvents.CountAsync(e => e.TicketId == id && e.Kind == TicketEventKind.SystemMessage && e.Text!.StartsWith("Redacted ")));
        }

        Assert.False(File.Exists(photo));
        var after = await staff.GetPageAsync(page);
        Assert.Contains("data-redacted=\"file\"", after);
        Assert.DoesNotContain($"data-redact=\"{detail}\"", after);
        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync($"/admin/attachments/{photoId}")).StatusCode);
    }
}
