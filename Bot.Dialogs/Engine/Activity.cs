using System.Text.Json.Serialization;

namespace ChatIntake.Dialogs.Engine;

/// <summary>One message, typing signal or event, going either way between a citizen and the bot.</summary>
public sealed record Activity
{
    public string Type { get; init; } = ActivityTypes.Message;

    /// <summary>Who sent it; set on incoming activities only.</summary>
    public ChannelAccount? From { get; init; }

    public string? Text { get; init; }

    /// <summary>Quick replies shown with the message (a reply keyboard in Telegram, buttons in Web Chat).</summary>
    public IReadOnlyList<SuggestedAction> SuggestedActions { get; init; } = [];

    public IReadOnlyList<ActivityAttachment> Attachments { get; init; } = [];

    public GeoPoint? Location { get; init; }

    public ContactCard? Contact { get; init; }

    /// <summary>An event's name, e.g. "location" from a browser's geolocation.</summary>
    public string? Name { get; init; }

    /// <summary>A button's payload (Telegram callback data, Web Chat postBack value) or an event's value.</summary>
    public string? Value { get; init; }

    public static Activity Message(string text, IReadOnlyList<SuggestedAction>? actions = null) =>
        new() { Text = text, SuggestedActions = actions ?? [] };

    [JsonIgnore]
    public bool IsMessage => Type == ActivityTypes.Message;

    [JsonIgnore]
    public bool HasContent =>
        !string.IsNullOrWhiteSpace(Text) || !string.IsNullOrEmpty(Value) || Attachments.Count > 0 || Location is not null || Contact is not null;
}
