using System.Globalization;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Text;

namespace ChatIntake.Dialogs.Intake;

/// <summary>
/// The "is it fixed?" question's buttons. Their values carry the answer and the ticket ("survey:notfixed:ABCD2345"),
/// so a press days later still says which ticket it is about, whatever the dialog is doing then.
/// </summary>
public static class SurveyButtons
{
    private const string Prefix = "survey:";

    public static IReadOnlyList<SuggestedAction> For(string trackingCode, CultureTexts texts) =>
    [
        SuggestedAction.Button(texts["followup.survey.fixed"], Value(SurveyAnswer.Fixed, trackingCode)),
        SuggestedAction.Button(texts["followup.survey.partly"], Value(SurveyAnswer.Partly, trackingCode)),
        SuggestedAction.Button(texts["followup.survey.notfixed"], Value(SurveyAnswer.NotFixed, trackingCode)),
    ];

    public static string Value(SurveyAnswer answer, string trackingCode) =>
        Prefix + answer.ToString().ToLowerInvariant() + ":" + trackingCode;

    public static bool TryParse(string? value, out SurveyAnswer answer, out string trackingCode)
    {
        answer = default;
        trackingCode = string.Empty;
        var parts = value?.Split(':');
        if (parts is not ["survey", var given, var code] || !Enum.TryParse(given, ignoreCase: true, out answer) || !TrackingCode.TryNormalize(code, out var normal))
        {
            return false;
        }

        trackingCode = normal;
        return true;
    }

    /// <summary>Rating buttons 1–5, shown as stars.</summary>
    public static IReadOnlyList<Choice> Ratings(CultureInfo culture) =>
        [.. Enumerable.Range(1, 5).Select(n => new Choice(n.ToString(CultureInfo.InvariantCulture), new string('⭐', n) + " " + PersianText.Digits(n.ToString(CultureInfo.InvariantCulture), culture)))];
}
