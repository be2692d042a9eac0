using ChatIntake.Dialogs.Engine;

namespace ChatIntake.Dialogs.Intake;

/// <summary>The citizen dialogs, assembled: one runner shared by every conversation (all their state is in the stack).</summary>
public static class IntakeBot
{
    public static DialogRunner CreateRunner(IntakeOptions options)
    {
        var dialogs = new DialogSet()
            .Add(new MainDialog())
            .Add(new ReportDialog(options));
        foreach (var dialog in FollowUpDialog.Create())
        {
            dialogs.Add(dialog);
        }

        foreach (var dialog in DetailDialog.Create(options))
        {
            dialogs.Add(dialog);
        }

        foreach (var dialog in ForgetDialog.Create())
        {
            dialogs.Add(dialog);
        }

        return new DialogRunner(dialogs, DialogIds.Main, new IntakeInterruptions());
    }
}
