namespace ChatIntake.Channels.DirectLine;

/// <summary>Direct Line's error answer: <c>{"error":{"code","message"}}</c> with the protocol's status code.</summary>
public static class DirectLineError
{
    public static IResult Of(int status, string code, string message) =>
        Results.Json(new { error = new { code, message } }, statusCode: status);

    public static IResult MissingAuthorization() => Of(401, "MissingAuthorization", "Send Authorization: Bearer <token or secret>.");

    public static IResult TokenInvalid() => Of(403, "TokenInvalid", "The token is not valid for this conversation.");

    public static IResult TokenExpired() => Of(403, "TokenExpired", "The token has expired; start a new conversation.");

    public static IResult NotFound() => Of(404, "NotFound", "No such conversation.");

    public static IResult BadArgument(string message) => Of(400, "BadArgument", message);

    public static IResult TooBig(long limit) => Of(413, "MessageSizeTooBig", $"At most {limit} bytes are accepted.");

    public static IResult BotError() => Of(502, "BotError", "The bot could not take the activity; send it again.");
}
