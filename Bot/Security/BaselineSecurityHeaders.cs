namespace ChatIntake.Security;

/// <summary>
/// Headers every response of the product carries, whatever feature answers: no sniffing, no framing, no referrer
/// leaving the site, and a deny-all policy for responses that bring none of their own. A feature that sets its own
/// policy (the panel, the /chat page, a citizen's file) keeps it; framing is then what its frame-ancestors says.
/// </summary>
public sealed class BaselineSecurityHeaders(RequestDelegate next)
{
    public const string DefaultPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            if (string.IsNullOrEmpty(headers["Referrer-Policy"]))
            {
                headers["Referrer-Policy"] = "same-origin";
            }

            if (string.IsNullOrEmpty(headers.ContentSecurityPolicy))
            {
                headers.ContentSecurityPolicy = DefaultPolicy;
            }

            // X-Frame-Options cannot name allowed sites: a page whose policy allows some framers (the /chat page) goes without it.
            if (string.IsNullOrEmpty(headers.XFrameOptions) && !AllowsFraming(headers.ContentSecurityPolicy.ToString()))
            {
                headers.XFrameOptions = "DENY";
            }

            return Task.CompletedTask;
        });
        return next(context);
    }

    private static bool AllowsFraming(string policy) =>
        policy.Split(';', StringSplitOptions.TrimEntries).FirstOrDefault(d => d.StartsWith("frame-ancestors ", StringComparison.OrdinalIgnoreCase)) is { } ancestors &&
        !ancestors.EndsWith("'none'", StringComparison.OrdinalIgnoreCase);
}
