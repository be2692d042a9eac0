using Microsoft.Extensions.Options;

namespace ChatIntake.Open311;

public static class Open311Extensions
{
    public const string MediaRoute = "open311-media";

    /// <summary>Open311 GeoReport v2: options, client keys, the per-key rate, the media fetcher and the filing through the ticket workflow.</summary>
    public static WebApplicationBuilder AddOpen311(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<Open311Options>().BindConfiguration("Open311").ValidateDataAnnotations()
            .Validate(o => o.ApiKeys.All(Open311Keys.IsValidConfigured),
                $"Each Open311:ApiKeys entry must be \"name:secret\" or a secret alone, with at least {Open311Keys.MinSecretLength} characters of secret.")
            .ValidateOnStart();
        builder.Services.AddSingleton<Open311Keys>();
        builder.Services.AddSingleton<Open311RateLimit>();
        builder.Services.AddSingleton<MediaLinks>();
        builder.Services.AddScoped<RequestFiling>();
        builder.Services.AddHttpClient<MediaFetcher>(MediaFetcher.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(services =>
            {
                var allowPrivate = services.GetRequiredService<IOptions<Open311Options>>().Value.AllowPrivateMediaHosts;
                // Every connection (redirects too) goes through the address check; the fetcher's own token bounds the time.
                return new SocketsHttpHandler
                {
                    ConnectCallback = (context, cancellationToken) => MediaFetcher.ConnectAsync(context, allowPrivate, cancellationToken),
                    AllowAutoRedirect = true,
                    MaxAutomaticRedirections = 3,
                    UseCookies = false,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                };
            });
        return builder;
    }

    /// <summary>GET discovery, services, services/{code}, requests, requests/{id}; POST requests; each as .xml and .json under /open311/v2.</summary>
    public static WebApplication MapOpen311(this WebApplication app)
    {
        var v2 = app.MapGroup("/open311/v2").DisableAntiforgery().AddEndpointFilter(GuardAsync);
        v2.MapGet("/discovery.{format}", Open311Endpoints.DiscoveryAsync);
        v2.MapGet("/services.{format}", Open311Endpoints.ServicesAsync);
        v2.MapGet("/services/{code}.{format}", Open311Endpoints.ServiceAsync);
        v2.MapGet("/requests.{format}", Open311Endpoints.RequestsAsync);
        v2.MapPost("/requests.{format}", Open311Endpoints.FileAsync);
        v2.MapGet("/requests/{id}.{format}", Open311Endpoints.RequestAsync);
        app.MapGet("/open311/media/{token}", Open311Endpoints.MediaAsync).WithName(MediaRoute);
        return app;
    }

    /// <summary>A fault inside a method still answers in the spec's error shape, never with a stack trace.</summary>
    private static async ValueTask<object?> GuardAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var http = context.HttpContext;
            http.RequestServices.GetRequiredService<ILogger<Open311Options>>().LogError(ex, "Open311 {Method} {Path} failed", http.Request.Method, http.Request.Path);
            var format = http.Request.Path.Value?.EndsWith(".json", StringComparison.OrdinalIgnoreCase) == true ? Open311Format.Json : Open311Format.Xml;
            return Open311Errors.Result(format, StatusCodes.Status500InternalServerError, "The request could not be handled; it has been logged.");
        }
    }
}
