using Microsoft.Extensions.Options;

namespace ChatIntake.Channels.DirectLine;

/// <summary>
/// The lasting web-chat citizen: a first-party cookie holding the browser's user id, signed (HMAC with the Direct Line
/// token key) so no page can claim another's id. Every tab and day of this browser is the same citizen until it is forgotten.
/// </summary>
public sealed class WebChatIdentity(DirectLineTokens tokens, IOptions<DirectLineOptions> options, TimeProvider time)
{
    public const string CookieName = "chatintake-citizen";

    /// <summary>The browser's user id when its cookie is one this server signed; otherwise null.</summary>
    public string? Read(HttpRequest request)
    {
        var cookie = request.Cookies[CookieName];
        var dot = cookie?.LastIndexOf('.') ?? -1;
        if (cookie is null || dot <= 0)
        {
            return null;
        }

        var userId = cookie[..dot];
        return userId.StartsWith("dl_", StringComparison.Ordinal) && cookie[(dot + 1)..] == Signature(userId) ? userId : null;
    }

    /// <summary>Gives (or renews) the browser's cookie for <paramref name="userId"/>, for another full lifetime.</summary>
    public void Remember(HttpContext http, string userId) =>
        http.Response.Cookies.Append(CookieName, userId + "." + Signature(userId), Options(http, time.GetUtcNow() + options.Value.IdentityLifetime));

    /// <summary>"Forget me on this device": the cookie goes, and the next visit is a new citizen.</summary>
    public void Forget(HttpContext http) => http.Response.Cookies.Delete(CookieName, Options(http, null));

    private string Signature(string userId) => tokens.Sign("webchat-citizen:" + userId);

    private static CookieOptions Options(HttpContext http, DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = http.Request.IsHttps,
        Path = "/chat",
        Expires = expires,
        IsEssential = true,
    };
}
