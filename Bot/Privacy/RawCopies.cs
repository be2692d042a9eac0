using System.Text.Json;
using System.Text.Json.Nodes;
using ChatIntake.Channels.DirectLine;
using ChatIntake.Conversations;
using ChatIntake.Data;
using ChatIntake.Dialogs.Text;
using ChatIntake.Outbox;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Privacy;

/// <summary>
/// The copies of a citizen's message outside the thread: the processed update in the inbox (kept a few days for
/// deduplication), the bot's messages quoting it, and the web chat's log. A redaction blanks them too, staged in the caller's context.
/// </summary>
public static class RawCopies
{
    public const string Blank = "{}";

    /// <summary>Blanks the copies of the message whose words are <paramref name="text"/> or that carried the file <paramref name="fileId"/>.</summary>
    public static async Task ForgetAsync(IntakeDbContext db, long citizenId, string? text, string? fileId, string replacement, CancellationToken cancellationToken)
    {
        var chats = await db.Conversations.AsNoTracking().Where(c => c.CitizenId == citizenId).Select(c => new { c.Channel, c.ExternalChatId }).ToListAsync(cancellationToken);
        foreach (var sent in await db.Outbox.Where(m => m.CitizenId == citizenId && m.State != OutboxState.Pending && m.Payload != Blank).ToListAsync(cancellationToken))
        {
            if (Read(sent.Payload) is { } activity && (Same(activity.Text, text) || (fileId is not null && activity.Attachments.Any(a => a.FileId.Contains(fileId, StringComparison.Ordinal)))))
            {
                sent.Payload = Blank;
            }
        }

        foreach (var chat in chats)
        {
            foreach (var update in await db.Inbox.Where(m => m.Channel == chat.Channel && m.ExternalChatId == chat.ExternalChatId && m.ProcessedAt != null && m.Payload != Blank).ToListAsync(cancellationToken))
            {
                if (Read(update.Payload) is { } activity && (Same(activity.Text, text) || (fileId is not null && activity.Attachments.Any(a => a.FileId == fileId))))
                {
                    update.Payload = Blank;
                }
            }

            if (chat.Channel != WebChatChannel.ChannelName)
            {
                continue;
            }

            foreach (var logged in await db.WebChatActivities.Where(a => a.ConversationId == chat.ExternalChatId).ToListAsync(cancellationToken))
            {
                if (JsonNode.Parse(logged.Json) is not JsonObject json)
                {
                    continue;
                }

                var carriesFile = fileId is not null && json["attachments"] is JsonArray files && files.Any(f => f?["contentUrl"]?.GetValue<string>().Contains(Uri.EscapeDataString(fileId), StringComparison.Ordinal) == true);
                if (carriesFile || Same(json["text"]?.GetValue<string>(), text))
                {
                    json["text"] = replacement;
                    json.Remove("attachments");
                    logged.Json = json.ToJsonString();
                }
            }
        }
    }

    /// <summary>The words themselves, or a message quoting them (the summary read back before filing).</summary>
    private static bool Same(string? said, string? text) =>
        !string.IsNullOrEmpty(text) && said is not null && (said.Contains(text, StringComparison.Ordinal) || PersianText.Clean(said).Contains(text, StringComparison.Ordinal));

    private static Dialogs.Engine.Activity? Read(string payload)
    {
        try
        {
            return ActivityJson.Deserialize(payload);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
