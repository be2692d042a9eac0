using System.Globalization;
using System.Text.RegularExpressions;

namespace ChatIntake.Channels.Telegram;

/// <summary>
/// A Bot API call that did not succeed: the HTTP status, the API's description and its parameters. The kind of failure
/// is read from the status and the parameters, as the API advises, never from the description alone.
/// </summary>
public sealed partial class BotApiException(string method, int statusCode, string description, TimeSpan? retryAfter, bool fromBotApi)
    : Exception($"{method} failed: {statusCode} {description}")
{
    public string Method { get; } = method;

    public int StatusCode { get; } = statusCode;

    public string Description { get; } = description;

    /// <summary>How long the API asked us to wait (429).</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>False when the answer was not the API's envelope at all (a proxy's error page, an emulator's "not supported").</summary>
    public bool FromBotApi { get; } = fromBotApi;

    public bool IsRateLimited => StatusCode == 429;

    public bool IsServerError => StatusCode >= 500;

    /// <summary>403: the user blocked the bot, deleted their account, or the bot was removed from the chat.</summary>
    public bool IsRecipientGone => StatusCode == 403;

    public bool IsUnauthorized => StatusCode == 401;

    /// <summary>409: another instance polls with this token, or a webhook is set while we poll.</summary>
    public bool IsConflict => StatusCode == 409;

    /// <summary>Telegram answers 400 to an edit that changes nothing; for us that edit already happened.</summary>
    public bool IsNotModified => StatusCode == 400 && Description.Contains("message is not modified", StringComparison.OrdinalIgnoreCase);

    public static BotApiException From(string method, int statusCode, string? description, int? retryAfterSeconds, bool fromBotApi)
    {
        description ??= "(no description)";
        var wait = retryAfterSeconds ?? (statusCode == 429 ? RetryAfterInText(description) : null);
        return new BotApiException(method, statusCode, description, wait is { } seconds ? TimeSpan.FromSeconds(seconds) : null, fromBotApi);
    }

    /// <summary>Older answers gave the wait only in the text: "Too Many Requests: retry after 17".</summary>
    private static int? RetryAfterInText(string description) =>
        RetryAfterPattern().Match(description) is { Success: true } match && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? seconds
            : null;

    [GeneratedRegex(@"retry after (\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex RetryAfterPattern();
}
