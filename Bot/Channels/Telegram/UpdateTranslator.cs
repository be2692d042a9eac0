using System.Globalization;
using System.Text.Json;
using ChatIntake.Channels.Telegram.Api;
using ChatIntake.Conversations;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Intake;

namespace ChatIntake.Channels.Telegram;

/// <summary>
/// Reads Bot API updates into activities. Anything unknown — an update kind, a field, an entity type — is tolerated:
/// at worst that one update is ignored, never the batch around it.
/// </summary>
public sealed class UpdateTranslator(string channel, long maxDownloadBytes)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The bot's own username, once getMe has answered; lets "@bot" mentions in groups be noticed.</summary>
    public string? BotUsername { get; set; }

    public ReceivedUpdate Translate(JsonElement json)
    {
        Update? update;
        try
        {
            update = json.Deserialize<Update>(BotApiJson.Options);
        }
        catch (JsonException ex)
        {
            return new ReceivedUpdate.Ignored($"unreadable update: {ex.Message}");
        }

        return update is null ? new ReceivedUpdate.Ignored("empty update") : Translate(update);
    }

    public ReceivedUpdate Translate(Update update)
    {
        var id = update.UpdateId.ToString(Invariant);
        if (update.Message is { } message)
        {
            return FromMessage(id, message);
        }

        if (update.EditedMessage is { Chat: not null, From: { } editor } edited)
        {
            return IsPrivate(edited.Chat)
                ? new ReceivedUpdate.Turn(new InboundUpdate(channel, id, ChatId(edited.Chat), new Activity
                {
                    Type = ActivityTypes.Event,
                    Name = IntakeInterruptions.MessageEditedEvent,
                    From = Account(editor),
                }))
                : new ReceivedUpdate.Ignored("an edit in a group");
        }

        if (update.CallbackQuery is { From: not null } callback)
        {
            return FromCallback(id, callback);
        }

        if (update.MyChatMember is { Chat: not null } membership && !IsPrivate(membership.Chat) &&
            membership.NewChatMember?.Status is "member" or "administrator")
        {
            return new ReceivedUpdate.GroupNotice(membership.Chat.Id, membership.From?.LanguageCode);
        }

        return new ReceivedUpdate.Ignored("an update kind the bot does not handle");
    }

    private ReceivedUpdate FromMessage(string id, Message message)
    {
        if (message.Chat is null || message.From is not { IsBot: false } from)
        {
            return new ReceivedUpdate.Ignored("a message without a person behind it");
        }

        if (!IsPrivate(message.Chat))
        {
            return AddressesBot(message)
                ? new ReceivedUpdate.GroupNotice(message.Chat.Id, from.LanguageCode)
                : new ReceivedUpdate.Ignored("group chatter");
        }

        var activity = new Activity
        {
            From = Account(from),
            Text = message.Text ?? message.Caption,
            Location = (message.Location ?? message.Venue?.Location) is { } at ? new GeoPoint(at.Latitude, at.Longitude) : null,
            Contact = message.Contact is { } contact
                ? new ContactCard(contact.PhoneNumber, Join(contact.FirstName, contact.LastName), contact.UserId == from.Id)
                : null,
            Attachments = Attachments(message),
        };
        return new ReceivedUpdate.Turn(new InboundUpdate(channel, id, ChatId(message.Chat), activity));
    }

    private ReceivedUpdate FromCallback(string id, CallbackQuery callback)
    {
        // A message too old to be shown comes with date 0; the press still counts, in the presser's private chat.
        var chat = callback.Message?.Chat;
        if (chat is not null && !IsPrivate(chat))
        {
            return new ReceivedUpdate.GroupNotice(chat.Id, callback.From.LanguageCode, callback.Id);
        }

        if (string.IsNullOrEmpty(callback.Data))
        {
            return new ReceivedUpdate.Ignored("a button without data", callback.Id);
        }

        var chatId = chat?.Id ?? callback.From.Id;
        var messageId = callback.Message is { Date: > 0 } shown ? shown.MessageId : (long?)null;
        var activity = new Activity { From = Account(callback.From), Value = callback.Data };
        return new ReceivedUpdate.Turn(new InboundUpdate(channel, id, chatId.ToString(Invariant), activity), callback.Id, messageId);
    }

    private IReadOnlyList<ActivityAttachment> Attachments(Message message)
    {
        var attachments = new List<ActivityAttachment>();
        if (message.Photo is { Count: > 0 } sizes)
        {
            // The largest size the bot may download; Telegram lists several sizes of one photo.
            var photo = sizes.Where(s => s.FileSize is null || s.FileSize <= maxDownloadBytes).MaxBy(s => (long)s.Width * s.Height)
                ?? sizes.MinBy(s => s.FileSize);
            attachments.Add(new ActivityAttachment(AttachmentKinds.Photo, photo!.FileId, "image/jpeg", photo.FileSize));
        }

        if (message.Document is { } document)
        {
            var image = document.MimeType?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) == true;
            attachments.Add(new ActivityAttachment(image ? AttachmentKinds.Photo : AttachmentKinds.Document, document.FileId, document.MimeType, document.FileSize, document.FileName));
        }

        if (message.Voice is { } voice)
        {
            attachments.Add(new ActivityAttachment(AttachmentKinds.Voice, voice.FileId, voice.MimeType ?? "audio/ogg", voice.FileSize));
        }

        return attachments;
    }

    /// <summary>In a group the bot speaks only when spoken to: a command, or its @name.</summary>
    private bool AddressesBot(Message message)
    {
        var text = message.Text ?? message.Caption ?? string.Empty;
        if (text.StartsWith('/'))
        {
            var command = text.Split(' ', 2)[0];
            var at = command.IndexOf('@');
            return at < 0 || BotUsername is null || command[(at + 1)..].Equals(BotUsername, StringComparison.OrdinalIgnoreCase);
        }

        return BotUsername is not null && text.Contains("@" + BotUsername, StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsPrivate(Chat chat) => chat.Type is null or "private";

    private static string ChatId(Chat chat) => chat.Id.ToString(Invariant);

    private static ChannelAccount Account(User user) =>
        new(user.Id.ToString(Invariant), Join(user.FirstName, user.LastName), user.LanguageCode);

    private static string? Join(string? first, string? last) =>
        string.Join(' ', new[] { first, last }.Where(s => !string.IsNullOrWhiteSpace(s))) is { Length: > 0 } name ? name : null;
}
