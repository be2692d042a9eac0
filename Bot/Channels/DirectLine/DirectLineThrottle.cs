using System.Globalization;
using Microsoft.Extensions.Options;

namespace ChatIntake.Channels.DirectLine;

/// <summary>
/// Per-conversation and per-address limits on posted activities and uploads: one client cannot fill the inbox and
/// the outbox for every other citizen. Past a limit the answer is 429 with Direct Line's error body and Retry-After.
/// </summary>
public sealed class DirectLineThrottle(IOptions<DirectLineOptions> options, TimeProvider time, ILogger<DirectLineThrottle> logger)
{
    private readonly FloodGate _postsByConversation = new(options.Value.PostsPerMinutePerConversation, time);
    private readonly FloodGate _postsByAddress = new(options.Value.PostsPerMinutePerAddress, time);
    private readonly FloodGate _uploadsByConversation = new(options.Value.UploadsPerMinutePerConversation, time);
    private readonly FloodGate _uploadsByAddress = new(options.Value.UploadsPerMinutePerAddress, time);

    /// <summary>Endpoint filter for POST …/activities.</summary>
    public static ValueTask<object?> PostsAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        CheckAsync(context, next, upload: false);

    /// <summary>Endpoint filter for POST …/upload.</summary>
    public static ValueTask<object?> UploadsAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        CheckAsync(context, next, upload: true);

    private static ValueTask<object?> CheckAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next, bool upload) =>
        context.HttpContext.RequestServices.GetRequiredService<DirectLineThrottle>().Refuse(context.HttpContext, upload) is { } refusal
            ? ValueTask.FromResult<object?>(refusal)
            : next(context);

    private IResult? Refuse(HttpContext http, bool upload)
    {
        // Behind a trusted proxy the forwarded-headers middleware has already put the client's address here; a
        // connection without one (a Unix socket, an in-process test server) is limited per conversation only.
        var conversation = http.Request.RouteValues["conversationId"] as string ?? string.Empty;
        var what = upload ? "uploads" : "posts";
        if (http.Connection.RemoteIpAddress?.ToString() is { } address &&
            (upload ? _uploadsByAddress : _postsByAddress).Take(address) is { Admitted: false } byAddress)
        {
            return TooMany(http, byAddress, what, "address", address);
        }

        var byConversation = (upload ? _uploadsByConversation : _postsByConversation).Take(conversation);
        return byConversation.Admitted ? null : TooMany(http, byConversation, what, "conversation", conversation);
    }

    private IResult TooMany(HttpContext http, FloodGate.Verdict verdict, string what, string scope, string key)
    {
        if (verdict.FirstRefusal)
        {
            logger.LogWarning("Web chat {What} from {Scope} {Key} are over their limit; refused with 429 for about {Seconds} s", what, scope, key, (int)verdict.RetryAfter.TotalSeconds);
        }

        var seconds = Math.Max(1, (int)Math.Ceiling(verdict.RetryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return DirectLineError.Of(StatusCodes.Status429TooManyRequests, "TooManyRequests", $"Too many {what} from this {scope}; try again in {seconds} s.");
    }
}
