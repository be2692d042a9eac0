using System.Globalization;
using System.Text.RegularExpressions;
using ChatIntake.Dialogs.Text;

namespace ChatIntake.Dialogs.Engine;

/// <summary>A shared location, a "location" event (browser geolocation), typed coordinates, or else typed text as an address.</summary>
public sealed partial class LocationPrompt(string id, PromptValidator<LocationAnswer>? validator = null) : Prompt<LocationAnswer>(id, validator)
{
    public const string LocationEventName = "location";

    /// <summary>The "location" event's value when the citizen refused the browser's location; any other non-point value means it was not available.</summary>
    public const string DeniedValue = "denied";

    protected override PromptRecognizerResult<LocationAnswer> Recognize(Activity activity, PromptOptions options, ITurnContext context)
    {
        if (activity.Location is { } point)
        {
            return PromptRecognizerResult<LocationAnswer>.Success(new LocationAnswer(point, null));
        }

        var text = activity.Type == ActivityTypes.Event && activity.Name == LocationEventName ? activity.Value : activity.Text;
        if (TryParseCoordinates(text, out var typed))
        {
            return PromptRecognizerResult<LocationAnswer>.Success(new LocationAnswer(typed, null));
        }

        return activity.IsMessage && !string.IsNullOrWhiteSpace(activity.Text) && activity.Attachments.Count == 0
            ? PromptRecognizerResult<LocationAnswer>.Success(new LocationAnswer(null, activity.Text))
            : PromptRecognizerResult<LocationAnswer>.Failure();
    }

    /// <summary>"35.7, 51.4" in any digit script (also with the Persian decimal and list separators).</summary>
    public static bool TryParseCoordinates(string? text, out GeoPoint point)
    {
        point = new GeoPoint(double.NaN, double.NaN);
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var ascii = PersianText.ToAsciiDigits(text.Trim()).Replace('٫', '.').Replace('،', ',');
        var match = CoordinatesPattern().Match(ascii);
        if (!match.Success)
        {
            return false;
        }

        point = new GeoPoint(
            double.Parse(match.Groups["lat"].Value, CultureInfo.InvariantCulture),
            double.Parse(match.Groups["lon"].Value, CultureInfo.InvariantCulture));
        return true;
    }

    [GeneratedRegex(@"^\s*(?<lat>[-+]?\d{1,3}(\.\d+)?)\s*[,;\s]\s*(?<lon>[-+]?\d{1,3}(\.\d+)?)\s*$")]
    private static partial Regex CoordinatesPattern();
}
