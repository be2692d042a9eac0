using System.Threading.RateLimiting;
using ChatIntake.Outbox;
using ChatIntake.Tickets;
using Microsoft.AspNetCore.RateLimiting;

namespace ChatIntake.Channels.DirectLine;

public static class DirectLineExtensions
{
    private const string TokenRateLimit = "webchat-token";

    /// <summary>The web chat: Direct Line 3.0 endpoints, its outbox channel, uploads, and the /chat page.</summary>
    public static WebApplicationBuilder AddDirectLine(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DirectLineOptions>().BindConfiguration("DirectLine").ValidateDataAnnotations()
            .Validate(o => string.IsNullOrWhiteSpace(o.TokenSigningKey) || IsKey(o.TokenSigningKey), "DirectLine:TokenSigningKey must be base64 of at least 32 bytes (or empty to generate one).")
            .Validate(o => o.AllowedOrigins.All(origin => Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.AbsolutePath == "/"), "DirectLine:AllowedOrigins must be origins like https://www.city.example.")
            .ValidateOnStart();
        builder.Services.AddSingleton<DirectLineTokens>();
        builder.Services.AddSingleton<WebChatLog>();
        builder.Services.AddSingleton<DirectLineThrottle>();
        builder.Services.AddSingleton<WebChatFiles>();
        builder.Services.AddSingleton<WebChatUploadQuota>();
        builder.Services.AddSingleton<WebChatUploadReceiver>();
        builder.Services.AddSingleton<WebChatRetention>();
        builder.Services.AddSingleton<WebChatPage>();
        builder.Services.AddSingleton<WebChatIdentity>();
        builder.Services.AddSingleton<IChannel, WebChatChannel>();
        builder.Services.AddSingleton<IAttachmentSource, WebChatFileSource>();
        builder.Services.AddCors();
        builder.Services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<Microsoft.Extensions.Options.IOptions<DirectLineOptions>>((cors, directLine) => cors.AddPolicy(DirectLineEndpoints.CorsPolicy, policy => policy
                .WithOrigins([.. directLine.Value.AllowedOrigins.Select(o => o.TrimEnd('/'))])
                .WithHeaders("Authorization", "Content-Type", "x-ms-bot-agent")
                .WithMethods("GET", "POST")));

        // A page that anyone may open still should not mint conversations by the thousand.
        builder.Services.AddRateLimiter(limits =>
        {
            limits.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limits.AddPolicy(TokenRateLimit, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = 30, Window = TimeSpan.FromMinutes(1) }));
        });
        return builder;
    }

    public static WebApplication MapDirectLine(this WebApplication app)
    {
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new Microsoft.Extensions.FileProviders.EmbeddedFileProvider(typeof(DirectLineExtensions).Assembly, "ChatIntake.Channels.DirectLine.Assets"),
            RequestPath = "/chat/assets",
        });
        var bundle = Path.Combine(app.Environment.ContentRootPath, WebChatPage.BundleFolder);
        if (Directory.Exists(bundle))
        {
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(bundle), RequestPath = "/chat/lib" });
        }

        app.UseCors();
        app.UseRateLimiter();
        DirectLineEndpoints.Map(app);
        app.MapPost("/chat/token", DirectLineEndpoints.PageTokenAsync).RequireRateLimiting(TokenRateLimit).DisableAntiforgery();
        app.MapPost("/chat/forget", (HttpContext http, WebChatIdentity identity) =>
        {
            // Only the page's own script (a JSON request a plain cross-site form cannot make) may forget this browser's citizen.
            if (!http.Request.HasJsonContentType())
            {
                return DirectLineError.BadArgument("Send this request from the chat page.");
            }

            identity.Forget(http);
            return Results.NoContent();
        }).RequireRateLimiting(TokenRateLimit);
        app.MapGet("/chat", (HttpContext http, WebChatPage page) => page.Render(http));
        return app;
    }

    private static bool IsKey(string text)
    {
        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var length) && length >= 32;
    }
}
