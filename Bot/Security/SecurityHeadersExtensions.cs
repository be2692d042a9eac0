namespace ChatIntake.Security;

public static class SecurityHeadersExtensions
{
    /// <summary>The baseline headers on every response; first in the pipeline so no feature's answer goes without them.</summary>
    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        app.UseMiddleware<BaselineSecurityHeaders>();
        return app;
    }
}
