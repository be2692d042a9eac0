namespace ChatIntake.Dialogs.Intake;

public static class DialogIds
{
    public const string Main = "main";
    public const string Report = "report";
    public const string Detail = "detail";
    public const string FollowUp = "followup";
    public const string Forget = "forget";
}
