namespace ChatIntake.Dialogs.Intake;

public enum SurveyOutcome
{
    /// <summary>No such ticket of this citizen's.</summary>
    Unknown,

    /// <summary>The question is no longer open: already answered, closed, or reopened by staff.</summary>
    Expired,

    /// <summary>Fixed: the ticket is closed; a rating is welcome.</summary>
    Confirmed,

    /// <summary>Partly or not fixed: the ticket is in progress again.</summary>
    Reopened,
}
