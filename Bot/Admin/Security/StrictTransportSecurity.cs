using Microsoft.Extensions.Options;

namespace ChatIntake.Admin.Security;

/// <summary>HSTS on every response of a request that came over HTTPS (directly or through a trusted proxy), or always with Admin:RequireHttps.</summary>
public sealed class StrictTransportSecurity(RequestDelegate next, IOptions<AdminOptions> options)
{
    public const string Value = "max-age=31536000";

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.IsHttps || options.Value.RequireHttps)
        {
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.StrictTransportSecurity = Value;
                return Task.CompletedTask;
            });
        }

        return next(context);
    }
}
