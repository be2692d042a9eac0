namespace ChatIntake.Dialogs.Engine;

public enum SuggestedActionKind
{
    Reply,
    /// <summary>Asks the client to share the device's location (Telegram's request_location, the browser's geolocation).</summary>
    RequestLocation,
    /// <summary>A button attached to its message (Telegram's inline keyboard, a Web Chat postBack); its value comes back as the activity's value.</summary>
    Button,
}
