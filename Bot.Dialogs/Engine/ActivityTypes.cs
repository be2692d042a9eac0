namespace ChatIntake.Dialogs.Engine;

public static class ActivityTypes
{
    public const string Message = "message";
    public const string Typing = "typing";
    public const string Event = "event";
}
