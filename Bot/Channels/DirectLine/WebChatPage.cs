using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using ChatIntake.Conversations;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;
using Microsoft.Extensions.Options;

namespace ChatIntake.Channels.DirectLine;

/// <summary>
/// GET /chat: the official Web Chat client on a page of the city's, Persian (right to left) or English as asked, as
/// chosen before, or the city's default (never by the browser's language: many report English), with a switch. No inline script; Web Chat's own style tags carry a per-request nonce.
/// </summary>
public sealed class WebChatPage(TextCatalog texts, IOptions<LanguageOptions> language, IOptions<DirectLineOptions> options, IntakeOptions intake, IWebHostEnvironment environment)
{
    public const string BundleFolder = "webchat";
    public const string BundleFile = "webchat-minimal.js";

    /// <summary>The page language the citizen chose last (with the switch or ?lang=), remembered for their next visit.</summary>
    public const string LanguageCookie = "chatintake-lang";

    // Web Chat writes one empty style tag, which only its hash can allow.
    private const string EmptyStyleHash = "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='";

    public bool HasBundle => File.Exists(Path.Combine(environment.ContentRootPath, BundleFolder, BundleFile));

    public IResult Render(HttpContext http)
    {
        var culture = Culture(http.Request);
        if (IntakeCultures.FromLanguageCode(http.Request.Query["lang"]) is not null)
        {
            http.Response.Cookies.Append(LanguageCookie, culture.TwoLetterISOLanguageName,
                new CookieOptions { Path = "/chat", SameSite = SameSiteMode.Lax, Secure = http.Request.IsHttps, HttpOnly = true, MaxAge = options.Value.IdentityLifetime, IsEssential = true });
        }

        var fa = culture.TwoLetterISOLanguageName == "fa";
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
        var frameAncestors = string.Join(' ', ["'self'", .. options.Value.AllowedOrigins.Select(o => o.TrimEnd('/'))]);
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy =
            $"default-src 'none'; script-src 'self'; style-src 'self' 'nonce-{nonce}' {EmptyStyleHash}; img-src 'self' data: blob:; " +
            // Web Chat reads an attached file by its blob: URL and makes its thumbnail in a blob: worker.
            $"connect-src 'self' blob:; worker-src 'self' blob:; font-src 'self' data:; media-src 'self' blob:; frame-ancestors {frameAncestors}; base-uri 'none'; form-action 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Permissions-Policy"] = "geolocation=(self), camera=(), microphone=()";
        headers.CacheControl = "no-store";

        string T(string key) => WebUtility.HtmlEncode(texts.Get(key, culture));
        var other = fa ? "en" : "fa";
        var body = HasBundle
            ? $"""
              <p id="connection" class="connection" role="status" hidden>{T("webchat.reconnecting")}</p>
              <main id="webchat" class="chat" data-nonce="{nonce}" data-lang="{culture.TwoLetterISOLanguageName}" data-zone="{WebUtility.HtmlEncode(intake.TimeZone)}" data-forget="{T("webchat.forget.confirm")}"></main>
              <noscript><p class="notice">{T("webchat.noscript")}</p></noscript>
              <script src="/chat/lib/{BundleFile}"></script>
              <script src="/chat/assets/chat.js"></script>
              """
            : $"""<main class="chat"><p class="notice" role="alert">{T("webchat.missing")}</p></main>""";
        var html = $"""
            <!DOCTYPE html>
            <html lang="{culture.TwoLetterISOLanguageName}" dir="{(fa ? "rtl" : "ltr")}">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{T("webchat.title")}</title>
            <link rel="icon" href="data:,">
            <link rel="stylesheet" href="/chat/assets/chat.css">
            </head>
            <body>
            <header class="bar">
              <div class="brand"><span class="logo" aria-hidden="true">{(fa ? "۱۳۷" : "137")}</span><div><h1>{T("webchat.title")}</h1><p>{T("webchat.subtitle")}</p></div></div>
              <nav><a id="switch" class="switch" href="/chat?lang={other}" lang="{other}" data-lang="{other}">{T("webchat.switch")}</a><button id="restart" type="button">{T("webchat.restart")}</button><button id="forget" type="button" class="quiet">{T("webchat.forget")}</button></nav>
            </header>
            {body}
            </body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }

    /// <summary>?lang= first, then the language the citizen chose before, then the city's default.</summary>
    private CultureInfo Culture(HttpRequest request) =>
        IntakeCultures.FromLanguageCode(request.Query["lang"])
        ?? IntakeCultures.FromLanguageCode(request.Cookies[LanguageCookie])
        ?? IntakeCultures.FromLanguageCode(language.Value.DefaultCulture)
        ?? IntakeCultures.Persian;
}
