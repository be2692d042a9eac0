using System.Net;
using System.Text;
using ChatIntake.Tests.Channels.DirectLine;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Admin;

/// <summary>Files from any channel reach staff at /admin/attachments as inert content: sniffed raster images inline, the rest downloaded, all sandboxed.</summary>
public sealed class AttachmentSafetyTests : IAsyncLifetime
{
    private const string Sandbox = "default-src 'none'; sandbox";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"attachments-{Guid.NewGuid():N}");
    private AdminHost _host = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "2026"));
        await File.WriteAllBytesAsync(Path.Combine(_folder, "2026", "a.svg"), Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"));
        await File.WriteAllBytesAsync(Path.Combine(_folder, "2026", "b.png"), WebChatUploads.Png);
        _host = new AdminHost(browser: false, new Dictionary<string, string?> { ["Attachments:Folder"] = _folder });
        await _host.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Theory]
    [InlineData("2026/a.svg", "image/svg+xml;charset=utf-8")]
    [InlineData("2026/a.svg", "image/png")]
    [InlineData("2026/a.svg", "text/html")]
    public async Task A_messenger_file_that_is_not_a_raster_image_is_served_to_staff_as_a_sandboxed_download(string stored, string declared)
    {
        var attachment = await StoredAttachmentAsync(stored, declared);
        using var admin = await _host.SignInAsync("admin", AdminHost.AdminPassword);

        var response = await admin.GetAsync($"/admin/attachments/{attachment}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(Sandbox, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task A_real_png_is_shown_to_staff_inline_under_the_sandboxing_policy()
    {
        var attachment = await StoredAttachmentAsync("2026/b.png", "application/octet-stream");
        using var admin = await _host.SignInAsync("admin", AdminHost.AdminPassword);

        var response = await admin.GetAsync($"/admin/attachments/{attachment}");

        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(response.Content.Headers.ContentDisposition);
        Assert.Equal(Sandbox, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal(WebChatUploads.Png, await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>A citizen's file on a ticket, as the channel's downloader leaves it once fetched.</summary>
    private async Task<long> StoredAttachmentAsync(string storedPath, string contentType)
    {
        var (id, _, citizen) = await _host.FileTicketAsync("safe-" + Guid.NewGuid().ToString("N")[..8]);
        var fileId = "file-" + Guid.NewGuid().ToString("N");
        await citizen.SendsPhotoAsync(fileId);
        await citizen.PressesAsync("➕");
        await using var db = _host.Bot.CreateDbContext();
        var attachment = await db.Attachments.SingleAsync(a => a.TicketId == id && a.ChannelFileId == fileId);
        attachment.StoredPath = storedPath;
        attachment.ContentType = contentType;
        await db.SaveChangesAsync();
        return attachment.Id;
    }
}
