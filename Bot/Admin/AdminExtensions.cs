using System.Net;
using ChatIntake.Admin.Audit;
using ChatIntake.Staff;
using ChatIntake.Admin.Security;
using ChatIntake.Admin.Staff;
using ChatIntake.Admin.Texts;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Diagnostics;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.FileProviders;

namespace ChatIntake.Admin;

public static class AdminExtensions
{
    public const string Scheme = "Admin";
    public const string StaffPolicy = "Staff";
    public const string AdministratorPolicy = "Administrator";
    public const string SupervisorPolicy = "Supervisor";

    /// <summary>The rate limit on sign-in attempts per remote address.</summary>
    public const string SignInLimit = "admin-sign-in";

    /// <summary>Sent by admin.js when it refreshes a page's live regions.</summary>
    public const string LiveRefreshHeader = "X-Live-Refresh";

    /// <summary>Whether this request is a page refreshing its own live regions rather than a person asking for it.</summary>
    public static bool IsLiveRefresh(this HttpRequest request) => request.Headers.ContainsKey(LiveRefreshHeader);

    /// <summary>The staff panel: Razor Pages under /admin, cookie sign-in, roles, the audit trail.</summary>
    public static WebApplicationBuilder AddAdmin(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminOptions>().BindConfiguration("Admin").ValidateDataAnnotations()
            .Validate(o => string.IsNullOrEmpty(o.InitialPassword) || o.InitialPassword.Length >= StaffAccounts.MinPasswordLength,
                "Admin:InitialPassword must have at least 10 characters (or be empty for a generated one).")
            .ValidateOnStart();
        builder.Services.AddHttpContextAccessor();
        // Persian as itself in the pages, not as numeric character references (a third of the size, and readable).
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.AddSingleton<StaffAccounts>();
        builder.Services.AddSingleton<Queue.QueueCsv>();
        builder.Services.AddScoped<CurrentStaff>();
        builder.Services.AddScoped<AdminText>();
        builder.Services.AddScoped<AuditTrail>();
        builder.Services.AddHostedService<AdminInitializer>();
        builder.Services.AddHostedService<TextOverrideRefresher>();
        builder.Services.AddHostedService<FirstRunReport>();

        builder.Services.AddAuthentication(Scheme).AddCookie(Scheme, o =>
        {
            o.LoginPath = "/admin/login";
            o.LogoutPath = "/admin/logout";
            o.AccessDeniedPath = "/admin/denied";
            o.Cookie.Name = "chatintake-admin";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.Path = "/admin";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            // The open pages' own refreshes must not keep an idle session alive for ever.
            o.Events.OnCheckSlidingExpiration = context =>
            {
                if (context.Request.IsLiveRefresh())
                {
                    context.ShouldRenew = false;
                }

                return Task.CompletedTask;
            };
            o.Events.OnValidatePrincipal = async context =>
            {
                // A deactivated account, a changed role or a new password ends a session at its next request, not when its cookie expires.
                var services = context.HttpContext.RequestServices;
                var staff = await services.GetRequiredService<CurrentStaff>().FindAsync(context.Principal, context.HttpContext.RequestAborted);
                // A signed-out session (its row deleted) ends every copy of its cookie too.
                if (staff is null || !context.Principal!.IsInRole(staff.Role.ToString()) ||
                    context.Principal.FindFirst(StaffAccounts.StampClaim)?.Value != staff.SecurityStamp ||
                    !await services.GetRequiredService<StaffAccounts>().IsSessionOpenAsync(
                        context.Principal.FindFirst(StaffAccounts.SessionClaim)?.Value, staff.Id, context.HttpContext.RequestAborted))
                {
                    context.RejectPrincipal();
                }
            };
        });
        // Secure cookies over HTTPS (also when a trusted proxy says so), and always with Admin:RequireHttps.
        builder.Services.AddOptions<CookieAuthenticationOptions>(Scheme).Configure<IOptions<AdminOptions>>((o, admin) => o.Cookie.SecurePolicy = SecurePolicy(admin.Value));
        builder.Services.AddOptions<Microsoft.AspNetCore.Mvc.CookieTempDataProviderOptions>().Configure<IOptions<AdminOptions>>((o, admin) => o.Cookie.SecurePolicy = SecurePolicy(admin.Value));
        builder.Services.AddOptions<Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions>().Configure<IOptions<AdminOptions>>((o, admin) => o.Cookie.SecurePolicy = SecurePolicy(admin.Value));
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(StaffPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser())
            .AddPolicy(AdministratorPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireRole(nameof(StaffRole.Administrator)))
            .AddPolicy(SupervisorPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireRole(nameof(StaffRole.Supervisor), nameof(StaffRole.Administrator)));
        builder.Services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "chatintake-antiforgery";
            o.Cookie.Path = "/admin";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        builder.Services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Another feature's limiter middleware may run before the panel's pages are in the pipeline: answer here.
            var others = o.OnRejected;
            o.OnRejected = async (rejected, cancellationToken) =>
            {
                if (rejected.HttpContext.Request.Path.StartsWithSegments("/admin"))
                {
                    await WritePageAsync(rejected.HttpContext, HttpStatusCode.TooManyRequests, "toomany.text");
                }
                else if (others is not null)
                {
                    await others(rejected, cancellationToken);
                }
            };
            o.AddPolicy(SignInLimit, context =>
            {
                var perMinute = context.RequestServices.GetRequiredService<IOptions<AdminOptions>>().Value.SignInsPerMinute;
                return HttpMethods.IsPost(context.Request.Method)
                    ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "local",
                        _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter("read");
            });
        });
        builder.Services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Admin/Pages";
            o.Conventions.AddFolderRouteModelConvention("/", model =>
            {
                // A page that names its own absolute route ("/admin/tickets/{id}") keeps it.
                foreach (var selector in model.Selectors.Where(s => s.AttributeRouteModel?.Template?.StartsWith("admin", StringComparison.OrdinalIgnoreCase) == false))
                {
                    selector.AttributeRouteModel!.Template = AttributeRouteModel.CombineTemplates("admin", selector.AttributeRouteModel.Template);
                }
            });
            o.Conventions.AuthorizeFolder("/", StaffPolicy);
            o.Conventions.AllowAnonymousToPage("/Login");
            o.Conventions.AddPageApplicationModelConvention("/Login", model => model.EndpointMetadata.Add(new EnableRateLimitingAttribute(SignInLimit)));
            o.Conventions.AllowAnonymousToPage("/Denied");
            o.Conventions.AllowAnonymousToPage("/Language");
            o.Conventions.AuthorizeFolder("/Settings", AdministratorPolicy);
            o.Conventions.AuthorizeFolder("/Audit", AdministratorPolicy);
            o.Conventions.AuthorizePage("/Digest", SupervisorPolicy);
            o.Conventions.AuthorizeFolder("/Dashboard", SupervisorPolicy);
        });
        return builder;
    }

    public static CookieSecurePolicy SecurePolicy(AdminOptions options) => options.RequireHttps ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;

    public static WebApplication MapAdmin(this WebApplication app)
    {
        app.UseMiddleware<StrictTransportSecurity>();
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/admin"), admin =>
        {
            admin.UseMiddleware<SecurityHeaders>();
            admin.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = context => WritePageAsync(context, HttpStatusCode.InternalServerError, "error.text") });
            admin.UseStatusCodePages(context => context.HttpContext.Response.StatusCode switch
            {
                404 => WritePageAsync(context.HttpContext, HttpStatusCode.NotFound, "notfound.text"),
                403 => WritePageAsync(context.HttpContext, HttpStatusCode.Forbidden, "denied.text"),
                429 => WritePageAsync(context.HttpContext, HttpStatusCode.TooManyRequests, "toomany.text"),
                400 => WritePageAsync(context.HttpContext, HttpStatusCode.BadRequest, "badrequest.text"),
                _ => WritePageAsync(context.HttpContext, (HttpStatusCode)context.HttpContext.Response.StatusCode, "error.text"),
            });
        });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new EmbeddedFileProvider(typeof(AdminExtensions).Assembly, "ChatIntake.Admin.Assets"),
            RequestPath = "/admin/assets",
        });
        // Leaflet, fetched by the build next to the binary (absent when the build could not reach npm: the form then works without the map).
        var leaflet = Path.Combine(app.Environment.ContentRootPath, "leaflet");
        if (Directory.Exists(leaflet))
        {
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(leaflet), RequestPath = "/admin/assets/leaflet" });
        }
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        app.MapGet("/admin/attachments/{id:long}", AttachmentEndpoint.GetAsync).RequireAuthorization(StaffPolicy);
        return app;
    }

    /// <summary>A plain page in the panel's language; never a stack trace, whatever the environment.</summary>
    private static async Task WritePageAsync(HttpContext context, HttpStatusCode status, string key)
    {
        var texts = context.RequestServices.GetRequiredService<AdminText>();
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "text/html; charset=utf-8";
        var text = WebUtility.HtmlEncode(texts[key]);
        await context.Response.WriteAsync(
            $"""
            <!DOCTYPE html><html lang="{texts.Language}" dir="{texts.Direction}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{WebUtility.HtmlEncode(texts["app.title"])}</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/admin/assets/admin.css"></head>
            <body><main class="page narrow"><h1>{texts.Number((int)status)}</h1><p class="message">{text}</p><p><a href="/admin">{WebUtility.HtmlEncode(texts["nav.queue"])}</a></p></main></body></html>
            """, context.RequestAborted);
    }
}
