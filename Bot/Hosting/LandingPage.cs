using System.Net;
using ChatIntake.Admin.Texts;

namespace ChatIntake.Hosting;

/// <summary>The site's front door at "/": in the city's language, the two ways in (the citizens' chat and the staff panel).</summary>
public static class LandingPage
{
    public static WebApplication MapLanding(this WebApplication app)
    {
        app.MapGet("/", (HttpContext context) =>
        {
            // The panel's language cookie lives under /admin, so here the city's own language speaks.
            var texts = context.RequestServices.GetRequiredService<AdminText>();
            string E(string key) => WebUtility.HtmlEncode(texts[key]);
            context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'";
            return Results.Content(
                $"""
                <!DOCTYPE html><html lang="{texts.Language}" dir="{texts.Direction}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>{E("landing.title")}</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/admin/assets/admin.css"></head>
                <body><main class="page landing"><h1>{E("landing.title")}</h1><p>{E("landing.intro")}</p>
                <nav class="choices"><a href="/chat" id="to-chat"><b>💬 {E("landing.chat")}</b><span>{E("landing.chatHint")}</span></a>
                <a href="/admin" id="to-panel"><b>🗂 {E("landing.panel")}</b><span>{E("landing.panelHint")}</span></a></nav>
                <p class="muted">{E("landing.health")} <a href="/healthz" dir="ltr">/healthz</a></p></main></body></html>
                """, "text/html; charset=utf-8");
        });
        return app;
    }
}
