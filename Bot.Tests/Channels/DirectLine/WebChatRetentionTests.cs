using ChatIntake.Channels.DirectLine;
using ChatIntake.Tests.Infrastructure;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ChatIntake.Tests.Channels.DirectLine;

/// <summary>Web chat data is not kept for ever: stray uploads and idle conversations go; files on tickets stay with the tickets.</summary>
public sealed class WebChatRetentionTests : IAsyncLifetime
{
    private readonly WebChatTestHost _host = new("retention", new Dictionary<string, string?>
    {
        ["DirectLine:KeepUnattachedUploadsFor"] = "7.00:00:00",
        ["DirectLine:KeepIdleConversationsFor"] = "30.00:00:00",
        // Weeks pass by hand here: no "still being handled" notice may wake the reporter's chat meanwhile.
        ["FollowUps:ProgressNoticeAfterWorkingDays"] = "0",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _host.DisposeAsync().AsTask();

    [Fact]
    public async Task Stray_uploads_and_idle_conversations_are_deleted_and_a_tickets_file_survives()
    {
        var reporter = await DirectLineTestClient.StartAsync(_host.Http);
        var ticketFile = await ReportWithPhotoAsync(reporter);
        var stray = await DirectLineTestClient.StartAsync(_host.Http);
        await WebChatUploads.UploadAsync(_host.Http, stray, WebChatUploads.Png, "image/png", "stray.png");
        var strayFile = await StoredFileAsync(stray.ConversationId);
        var retention = _host.Bot.Service<WebChatRetention>();
        // Replies still on their way would land after the clock moved and count as activity then.
        await stray.BotRepliesAsync();
        using (var settled = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await _host.Bot.WaitForOutboxAsync(stray.ConversationId, settled.Token);
            await _host.Bot.WaitForOutboxAsync(reporter.ConversationId, settled.Token);
        }

        _host.Clock.Advance(TimeSpan.FromDays(8));
        await retention.RunAsync(CancellationToken.None);

        Assert.False(File.Exists(strayFile));
        Assert.True(File.Exists(ticketFile));
        await using (var db = _host.Bot.CreateDbContext())
        {
            Assert.Equal(0, await db.WebChatUploads.CountAsync(u => u.ConversationId == stray.ConversationId));
            Assert.Equal(1, await db.WebChatUploads.CountAsync(u => u.ConversationId == reporter.ConversationId));
            Assert.Equal(2, await db.WebChatConversations.CountAsync());
        }

        _host.Clock.Advance(TimeSpan.FromDays(23));
        var fresh = await DirectLineTestClient.StartAsync(_host.Http);
        await fresh.SaysAsync("/start");
        await retention.RunAsync(CancellationToken.None);

        await using (var db = _host.Bot.CreateDbContext())
        {
            Assert.Equal([fresh.ConversationId], await db.WebChatConversations.Select(c => c.Id).ToListAsync());
            Assert.Equal(0, await db.WebChatActivities.CountAsync(a => a.ConversationId != fresh.ConversationId));
            Assert.Equal(0, await db.WebChatUploads.CountAsync());
            var attachment = await db.Attachments.SingleAsync();
            Assert.Equal(WebChatUploads.Png, await File.ReadAllBytesAsync(_host.Bot.Service<AttachmentStore>().FullPath(attachment.StoredPath!)!));
        }

        Assert.True(File.Exists(ticketFile));
    }

    /// <summary>A whole report through Direct Line with one photo; returns the photo's stored file once the ticket holds it.</summary>
    private async Task<string> ReportWithPhotoAsync(DirectLineTestClient chat)
    {
        await chat.SaysAsync("/new");
        await chat.BotRepliesAsync();
        await chat.SaysAsync("Street Lighting");
        await chat.BotRepliesAsync();
        await chat.SendsEventAsync("location", "35.725,51.37");
        await chat.BotRepliesAsync(r => DirectLineTestClient.Text(r).Contains("describe", StringComparison.Ordinal));
        await chat.SaysAsync("The lamp post at the corner is broken and dark.");
        await chat.BotRepliesAsync();
        await WebChatUploads.UploadAsync(_host.Http, chat, WebChatUploads.Png, "image/png", "lamp.png");
        await chat.BotRepliesAsync(r => DirectLineTestClient.Text(r).Contains("Photo received", StringComparison.Ordinal));
        await chat.SaysAsync("Done");
        await chat.BotRepliesAsync();
        await chat.SaysAsync("Submit");
        Assert.Contains("Your report is registered", DirectLineTestClient.Text(await chat.BotRepliesAsync()));
        await Eventually.UntilAsync(async () =>
        {
            await using var db = _host.Bot.CreateDbContext();
            return await db.Attachments.AnyAsync(a => a.StoredPath != null);
        }, "the ticket's attachment to be stored", TimeSpan.FromSeconds(15));
        return await StoredFileAsync(chat.ConversationId);
    }

    private async Task<string> StoredFileAsync(string conversationId)
    {
        await using var db = _host.Bot.CreateDbContext();
        var upload = await db.WebChatUploads.SingleAsync(u => u.ConversationId == conversationId);
        return _host.Bot.Service<AttachmentStore>().FullPath(upload.StoredPath)!;
    }
}
