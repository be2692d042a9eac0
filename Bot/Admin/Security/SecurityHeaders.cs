using Microsoft.Extensions.Options;

namespace ChatIntake.Admin.Security;

/// <summary>
/// The panel's own response headers: a CSP without inline script or style, unless the answer brings a stricter one (a
/// citizen's file). The baseline (no sniffing, no framing, referrer) is <see cref="ChatIntake.Security.BaselineSecurityHeaders"/>'s, on every response.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next, IOptions<AdminOptions> options)
{
    private readonly string _policy = BuildPolicy(options.Value.MapTileUrl);

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            if (string.IsNullOrEmpty(headers.ContentSecurityPolicy))
            {
                headers.ContentSecurityPolicy = _policy;
            }

            // Antiforgery sets SAMEORIGIN on forms; the panel is never framed, not even by the city's own site.
            headers.XFrameOptions = "DENY";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            if (!context.Request.Path.StartsWithSegments("/admin/assets"))
            {
                // Ticket pages hold citizens' personal data: not kept in shared caches or the back-forward cache.
                headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        });
        return next(context);
    }

    private static string BuildPolicy(string? tileUrl)
    {
        var images = "'self' data:";
        if (!string.IsNullOrEmpty(tileUrl) && Uri.TryCreate(tileUrl.Replace("{z}", "0").Replace("{x}", "0").Replace("{y}", "0"), UriKind.Absolute, out var tiles))
        {
            images += " " + tiles.GetLeftPart(UriPartial.Authority);
        }

        return $"default-src 'self'; script-src 'self'; style-src 'self'; img-src {images}; connect-src 'self'; form-action 'self'; " +
               "frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
    }
}
