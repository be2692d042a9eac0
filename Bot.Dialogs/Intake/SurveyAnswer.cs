namespace ChatIntake.Dialogs.Intake;

/// <summary>The citizen's answer to "is it fixed?".</summary>
public enum SurveyAnswer
{
    Fixed,
    Partly,
    NotFixed,
}
