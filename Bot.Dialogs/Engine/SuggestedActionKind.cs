namespace ChatIntake.Dialogs.Engine;

public enum SuggestedActionKind
{
    Reply,
    /// <summary>Asks the client to share the device's location (Telegram's request_location, the browser's geolocation).</summary>
    RequestLocation,
}
