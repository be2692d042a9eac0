using System.Net;
using ChatIntake.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChatIntake.Tests.Channels.DirectLine;

/// <summary>One conversation may upload only so many files and bytes in a window; the next gets the protocol's 429 until the window moves on.</summary>
public sealed class WebChatUploadQuotaTests : IAsyncLifetime
{
    private readonly WebChatTestHost _host = new("quota", new Dictionary<string, string?>
    {
        ["DirectLine:TokenLifetime"] = "1.00:00:00",
        ["DirectLine:UploadsPerWindow"] = "3",
        ["DirectLine:UploadBytesPerWindow"] = "4000",
        ["DirectLine:UploadWindow"] = "01:00:00",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    [Fact]
    public async Task The_upload_after_the_windows_count_gets_429_until_the_window_moves_on()
    {
        var chat = await DirectLineTestClient.StartAsync(_host.Http);
        for (var i = 0; i < 3; i++)
        {
            await WebChatUploads.UploadAsync(_host.Http, chat, WebChatUploads.Png, "image/png", $"lamp{i}.png");
        }

        var refused = await WebChatUploads.PostAsync(_host.Http, chat, WebChatUploads.Form(WebChatUploads.Png, "image/png", "lamp4.png"));
        var other = await DirectLineTestClient.StartAsync(_host.Http);
        await WebChatUploads.UploadAsync(_host.Http, other, WebChatUploads.Png, "image/png", "other.png");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("TooManyRequests", await WebChatUploads.ErrorCodeAsync(refused));
        Assert.NotNull(refused.Headers.RetryAfter);
        await using (var db = _host.Bot.CreateDbContext())
        {
            Assert.Equal(3, db.WebChatUploads.Count(u => u.ConversationId == chat.ConversationId));
        }

        _host.Clock.Advance(TimeSpan.FromMinutes(61));
        await WebChatUploads.UploadAsync(_host.Http, chat, WebChatUploads.Png, "image/png", "later.png");
    }

    [Fact]
    public async Task The_upload_that_would_pass_the_windows_bytes_gets_429_and_is_not_kept()
    {
        var chat = await DirectLineTestClient.StartAsync(_host.Http);
        var file = new byte[1500];
        new Random(7).NextBytes(file);
        await WebChatUploads.UploadAsync(_host.Http, chat, file, "application/pdf", "a.pdf");
        await WebChatUploads.UploadAsync(_host.Http, chat, file, "application/pdf", "b.pdf");

        var refused = await WebChatUploads.PostAsync(_host.Http, chat, WebChatUploads.Form(file, "application/pdf", "c.pdf"));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("TooManyRequests", await WebChatUploads.ErrorCodeAsync(refused));
        await using var db = _host.Bot.CreateDbContext();
        Assert.Equal(3000, db.WebChatUploads.Where(u => u.ConversationId == chat.ConversationId).Sum(u => u.Size));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_host.Attachments, "webchat")).Length);
    }
}
