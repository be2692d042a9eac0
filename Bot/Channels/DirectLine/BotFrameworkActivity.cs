using System.Globalization;
using System.Text.Json.Nodes;
using ChatIntake.Dialogs.Engine;

namespace ChatIntake.Channels.DirectLine;

/// <summary>
/// Between our activities and the Bot Framework activity JSON that Web Chat speaks. What the client sends in
/// channelData is passed back unchanged in the echo; everything else is rebuilt from what we understood.
/// </summary>
public static class BotFrameworkActivity
{
    public const string ChannelId = "webchat";
    public const string BotId = "chatintake";
    public const string JoinEvent = "webchat/join";
    public const string LanguageEvent = "webchat/lang";

    /// <summary>The citizen's suggested action that asks the page for the browser's location.</summary>
    public const string ShareLocationValue = "share-location";

    /// <summary>A bot activity as Web Chat renders it: quick replies and buttons as suggested actions, plain text.</summary>
    public static JsonObject FromBot(Activity activity, string conversationId, string id, DateTimeOffset at, string? locale, Func<string, string>? fileUrl = null)
    {
        var json = Envelope(activity.Type, conversationId, id, at, new JsonObject { ["id"] = BotId, ["name"] = "137", ["role"] = "bot" });
        if (activity.Text is { } text)
        {
            json["text"] = text;
            json["textFormat"] = "plain";
        }

        if (locale is not null)
        {
            json["locale"] = locale;
        }

        if (activity.SuggestedActions.Count > 0)
        {
            json["suggestedActions"] = new JsonObject
            {
                ["actions"] = new JsonArray([.. activity.SuggestedActions.Select(a => (JsonNode)(a.Kind == SuggestedActionKind.RequestLocation
                    // The page turns this into the browser's geolocation, sent as a "location" event.
                    ? new JsonObject { ["type"] = "postBack", ["title"] = a.Title, ["value"] = new JsonObject { ["action"] = ShareLocationValue } }
                    : a.Kind == SuggestedActionKind.Button
                        // messageBack hands the button's own value to the dialog (as Telegram's callback data does) and shows its title.
                        ? new JsonObject { ["type"] = "messageBack", ["title"] = a.Title, ["value"] = a.Value, ["displayText"] = a.Title }
                        // A quick reply means what it says: imBack sends the title as the citizen's words.
                        : new JsonObject { ["type"] = "imBack", ["title"] = a.Title, ["value"] = a.Value }))]),
            };
            json["inputHint"] = "expectingInput";
        }

        if (activity.Attachments.Count > 0 && fileUrl is not null)
        {
            json["attachments"] = new JsonArray([.. activity.Attachments.Select(a => (JsonNode)new JsonObject
            {
                ["contentType"] = a.ContentType ?? "application/octet-stream",
                ["contentUrl"] = fileUrl(a.FileId),
                ["name"] = a.Name,
            })]);
        }

        return json;
    }

    /// <summary>The user's activity as echoed back: a server id and timestamp, the client's channelData kept.</summary>
    public static JsonObject Echo(JsonObject posted, string conversationId, string id, DateTimeOffset at, string userId)
    {
        var echo = (JsonObject)posted.DeepClone();
        echo["id"] = id;
        echo["timestamp"] = at.UtcDateTime.ToString("o", CultureInfo.InvariantCulture);
        echo["channelId"] = ChannelId;
        echo["conversation"] = new JsonObject { ["id"] = conversationId };
        echo["from"] = new JsonObject { ["id"] = userId, ["name"] = FromName(posted), ["role"] = "user" };
        echo.Remove("entities");
        return echo;
    }

    /// <summary>What the dialogs understand of a posted activity, or why it cannot be taken.</summary>
    public static (Activity? Activity, string? Problem) FromUser(JsonObject posted, string userId, IReadOnlyList<Dialogs.Engine.ActivityAttachment> uploaded)
    {
        var type = posted["type"] is JsonValue typeValue && typeValue.TryGetValue<string>(out var t) ? t : null;
        if (type is null)
        {
            return (null, "The activity has no type.");
        }

        var locale = posted["locale"] is JsonValue l && l.TryGetValue<string>(out var loc) ? loc : null;
        var from = new ChannelAccount(userId, FromName(posted), locale);
        var text = posted["text"] is JsonValue tv && tv.TryGetValue<string>(out var said) ? said : null;
        switch (type)
        {
            case "message":
                var value = posted["value"] is JsonValue vv && vv.TryGetValue<string>(out var v) ? v : null;
                if (string.IsNullOrWhiteSpace(text) && value is null && uploaded.Count == 0)
                {
                    return (null, "A message needs text, a value or an attachment.");
                }

                return (new Activity { From = from, Text = text, Value = value, Attachments = uploaded }, null);
            case "event":
                var eventName = posted["name"] is JsonValue en && en.TryGetValue<string>(out var e) ? e : null;
                var eventValue = posted["value"] switch
                {
                    JsonValue ev when ev.TryGetValue<string>(out var s) => s,
                    JsonObject point when point["latitude"] is JsonValue lat && point["longitude"] is JsonValue lon =>
                        lat.TryGetValue<double>(out var latitude) && lon.TryGetValue<double>(out var longitude) && double.IsFinite(latitude) && double.IsFinite(longitude)
                            ? FormattableString.Invariant($"{latitude},{longitude}")
                            : null,
                    _ => null,
                };
                if (eventValue is null && posted["value"] is JsonObject { Count: > 0 } located && located.ContainsKey("latitude"))
                {
                    return (null, "A location needs latitude and longitude as numbers.");
                }

                return eventName switch
                {
                    JoinEvent => (new Activity { From = from, Text = "/start" }, null),
                    LanguageEvent => (new Activity { From = from, Text = "/lang " + (eventValue ?? locale) }, null),
                    LocationPrompt.LocationEventName => (new Activity { Type = ActivityTypes.Event, Name = eventName, Value = eventValue, From = from }, null),
                    null => (null, "An event needs a name."),
                    _ => (new Activity { Type = ActivityTypes.Event, Name = eventName, Value = eventValue, From = from }, null),
                };
            case "typing" or "conversationUpdate":
                return (null, null);
            default:
                return (null, $"Activities of type '{type}' are not accepted.");
        }
    }

    /// <summary>The display name the client gave, when it gave one as text.</summary>
    private static string? FromName(JsonObject posted) =>
        posted["from"] is JsonObject from && from["name"] is JsonValue name && name.TryGetValue<string>(out var text) ? text : null;

    private static JsonObject Envelope(string type, string conversationId, string id, DateTimeOffset at, JsonObject from) => new()
    {
        ["type"] = type,
        ["id"] = id,
        ["timestamp"] = at.UtcDateTime.ToString("o", CultureInfo.InvariantCulture),
        ["channelId"] = ChannelId,
        ["conversation"] = new JsonObject { ["id"] = conversationId },
        ["from"] = from,
    };
}
