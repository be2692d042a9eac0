namespace ChatIntake.Dialogs.Engine;

public static class AttachmentKinds
{
    public const string Photo = "photo";
    public const string Document = "document";
    public const string Voice = "voice";
}
