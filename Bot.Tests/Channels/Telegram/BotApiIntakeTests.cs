using System.Text.Json.Nodes;
using ChatIntake.Channels.Telegram;
using ChatIntake.Tickets;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Tests.Channels.Telegram;

/// <summary>A report filed through the Bot API: photos come from getFile into the attachment store, buttons are answered.</summary>
public sealed class BotApiIntakeTests
{
    private const long Chat = 2001;

    [Fact]
    public async Task A_report_with_a_photo_is_filed_its_button_press_answered_and_the_photo_stored()
    {
        var folder = Path.Combine(Path.GetTempPath(), "chatintake-attachments-" + Guid.NewGuid().ToString("N"));
        await using var host = await BotApiHost.StartAsync(new Dictionary<string, string?>
        {
            ["Attachments:Folder"] = folder,
            ["Telegram:MaxDownloadBytes"] = "10000",
        });
        var summary = await ReachSummaryWithPhotoAsync(host, [("small", 90, 1_000L), ("medium", 320, 5_000L), ("large", 1280, 30_000L)]);

        // The summary's choices are attached buttons carrying short callback data.
        var keyboard = summary.Markup!["inline_keyboard"]!.AsArray().SelectMany(row => row!.AsArray()).ToList();
        Assert.Contains(keyboard, b => b!["callback_data"]!.GetValue<string>() == "confirm");
        var summaryMessageId = 777;
        var filed = await host.DeliverAsync(Chat, api => api.Enqueue(new JsonObject
        {
            ["callback_query"] = new JsonObject
            {
                ["id"] = "press-1",
                ["from"] = new JsonObject { ["id"] = Chat, ["is_bot"] = false, ["first_name"] = "Sara", ["language_code"] = "en" },
                ["message"] = new JsonObject { ["message_id"] = summaryMessageId, ["date"] = 1_790_000_000, ["chat"] = new JsonObject { ["id"] = Chat, ["type"] = "private" }, ["text"] = "Please check" },
                ["chat_instance"] = "x",
                ["data"] = "confirm",
            },
        }));

        Assert.Contains("Your report is registered", string.Join("\n", filed.Select(f => f.Text)));
        await BotApiHost.WaitUntilAsync(() => host.Api.Calls.Any(c => c.Method == "answerCallbackQuery" && c.Body["callback_query_id"]!.GetValue<string>() == "press-1"), "the press to be answered");
        await BotApiHost.WaitUntilAsync(() => host.Api.Calls.Any(c => c.Method == "editMessageReplyMarkup" && c.Body["message_id"]!.GetValue<long>() == summaryMessageId), "the pressed buttons to be cleared");

        await host.WaitUntilAsync(db => db.Attachments.AnyAsync(a => a.StoredPath != null));
        await using var db = host.Factory.CreateDbContext();
        var attachment = await db.Attachments.SingleAsync();
        Assert.Equal("medium", attachment.ChannelFileId); // the largest size within the download limit
        var stored = host.Factory.Service<AttachmentStore>().FullPath(attachment.StoredPath!);
        Assert.StartsWith(folder, stored);
        Assert.Equal(FakeBotApi.PhotoBytes, await File.ReadAllBytesAsync(stored!));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_photo_over_the_download_limit_is_refused_and_the_reason_kept_for_staff()
    {
        var folder = Path.Combine(Path.GetTempPath(), "chatintake-attachments-" + Guid.NewGuid().ToString("N"));
        await using var host = await BotApiHost.StartAsync(new Dictionary<string, string?>
        {
            ["Attachments:Folder"] = folder,
            ["Telegram:MaxDownloadBytes"] = "4000",
        });

        // The message does not say the size; the file server's answer does. The citizen types the button's words.
        await ReachSummaryWithPhotoAsync(host, [("unsized", 800, null)]);
        var filed = await host.DeliverAsync(Chat, api => api.SendText(Chat, "Submit", "en"));
        Assert.Contains("Your report is registered", string.Join("\n", filed.Select(f => f.Text)));

        await host.WaitUntilAsync(db => db.Attachments.AnyAsync(a => a.DownloadAttempts == AttachmentDownloader.MaxAttempts));
        await using var db = host.Factory.CreateDbContext();
        var attachment = await db.Attachments.SingleAsync();
        Assert.Null(attachment.StoredPath);
        Assert.Contains("at most 4000", attachment.DownloadError);
        Assert.Empty(Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories) : []);
    }

    [Fact]
    public async Task A_photo_larger_than_the_intake_allows_is_refused_with_the_limit()
    {
        await using var host = await BotApiHost.StartAsync(new Dictionary<string, string?> { ["Intake:MaxPhotoBytes"] = "2097152" });
        await host.SaysAsync(Chat, "/new", "en");
        await host.SaysAsync(Chat, "Street Lighting", "en");
        await host.DeliverAsync(Chat, api => api.Enqueue(new JsonObject { ["message"] = FakeBotApi.Message(Chat, "en", new JsonObject { ["location"] = new JsonObject { ["latitude"] = 35.725, ["longitude"] = 51.37 } }) }));
        await host.SaysAsync(Chat, "The lamp post at the corner is broken and dark.", "en");

        var replies = await host.DeliverAsync(Chat, api => api.Enqueue(new JsonObject
        {
            ["message"] = FakeBotApi.Message(Chat, "en", new JsonObject
            {
                ["document"] = new JsonObject { ["file_id"] = "big-scan", ["file_unique_id"] = "b", ["file_name"] = "scan.png", ["mime_type"] = "image/png", ["file_size"] = 3_000_000 },
            }),
        }));

        Assert.Contains("too large (at most 2 MB)", replies[0].Text);
    }

    /// <summary>English citizen: lighting, a shared location, a description, one photo (the sizes given), then Done.</summary>
    private static async Task<(long ChatId, string Text, JsonNode? Markup)> ReachSummaryWithPhotoAsync(BotApiHost host, (string Id, int Side, long? Size)[] sizes)
    {
        Assert.Contains("What is the problem about?", (await host.SaysAsync(Chat, "/new", "en"))[^1].Text);
        Assert.Contains("Where is it?", (await host.SaysAsync(Chat, "Street Lighting", "en"))[^1].Text);
        var located = await host.DeliverAsync(Chat, api => api.Enqueue(new JsonObject
        {
            ["message"] = FakeBotApi.Message(Chat, "en", new JsonObject { ["location"] = new JsonObject { ["latitude"] = 35.725, ["longitude"] = 51.37, ["horizontal_accuracy"] = 20 } }),
        }));
        Assert.Contains("District 1", located[0].Text);
        await host.SaysAsync(Chat, "The lamp post at the corner is broken and dark.", "en");
        var photo = new JsonArray([.. sizes.Select(s => (JsonNode)new JsonObject
        {
            ["file_id"] = s.Id, ["file_unique_id"] = s.Id + "-u", ["width"] = s.Side, ["height"] = s.Side, ["file_size"] = s.Size is { } n ? n : null,
        })]);
        var received = await host.DeliverAsync(Chat, api => api.Enqueue(new JsonObject { ["message"] = FakeBotApi.Message(Chat, "en", new JsonObject { ["photo"] = photo }) }));
        Assert.Contains("Photo received (1 of 5)", received[^1].Text);
        var summary = await host.SaysAsync(Chat, "Done", "en");
        Assert.Contains("Please check your report", summary[^1].Text);
        return summary[^1];
    }
}
