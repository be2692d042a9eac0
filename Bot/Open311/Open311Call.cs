using System.Globalization;
using ChatIntake.Conversations;
using ChatIntake.Dialogs.Intake;
using Microsoft.Extensions.Options;

namespace ChatIntake.Open311;

/// <summary>
/// What every method checks before its own work, in the spec's order of errors: the format (404 for one it does not
/// offer), the jurisdiction (404), the api_key (403 when missing where one is needed, wrong or revoked) and the client's
/// rate (429). <see cref="Refusal"/> is the answer when one of them fails.
/// </summary>
public sealed record Open311Call(Open311Format Format, Open311Client? Client, CultureInfo Culture, IResult? Refusal)
{
    public static async Task<Open311Call> CheckAsync(HttpContext context, string? format, bool keyRequired, IFormCollection? form, CancellationToken cancellationToken)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<Open311Options>>().Value;
        var culture = Language(context.Request, form, services.GetRequiredService<IOptions<LanguageOptions>>().Value.DefaultCulture);
        var chosen = format?.ToLowerInvariant() switch
        {
            "xml" => Open311Format.Xml,
            "json" => Open311Format.Json,
            _ => (Open311Format?)null,
        };
        if (chosen is not { } answerIn)
        {
            return new(Open311Format.Xml, null, culture, Open311Errors.Result(Open311Format.Xml, StatusCodes.Status404NotFound, "Unknown format: use .xml or .json."));
        }

        var jurisdiction = Value(context.Request, form, "jurisdiction_id");
        if (jurisdiction is not null && !string.IsNullOrEmpty(options.JurisdictionId) && !string.Equals(jurisdiction, options.JurisdictionId, StringComparison.OrdinalIgnoreCase))
        {
            return new(answerIn, null, culture, Open311Errors.Result(answerIn, StatusCodes.Status404NotFound, $"Unknown jurisdiction_id '{jurisdiction}'."));
        }

        var key = Value(context.Request, form, "api_key");
        Open311Client? client = null;
        if (key is not null)
        {
            client = await services.GetRequiredService<Open311Keys>().FindAsync(key, cancellationToken);
            if (client is null)
            {
                return new(answerIn, null, culture, Open311Errors.Result(answerIn, StatusCodes.Status403Forbidden, "Invalid api_key: it is unknown or has been revoked."));
            }
        }
        else if (keyRequired || !options.PublicRead)
        {
            return new(answerIn, null, culture, Open311Errors.Result(answerIn, StatusCodes.Status403Forbidden, "An api_key is required for this method."));
        }

        var partition = client is not null ? "key:" + client.Name : "address:" + context.Connection.RemoteIpAddress;
        if (!services.GetRequiredService<Open311RateLimit>().TryTake(partition))
        {
            context.Response.Headers.RetryAfter = "60";
            return new(answerIn, client, culture, Open311Errors.Result(answerIn, StatusCodes.Status429TooManyRequests,
                $"Too many requests: at most {options.RequestsPerMinute} a minute for each key. Try again in a minute."));
        }

        return new(answerIn, client, culture, null);
    }

    /// <summary>An argument from the form (POST) or the query; sent empty means not sent, as the spec says.</summary>
    public static string? Value(HttpRequest request, IFormCollection? form, string name)
    {
        var value = form is not null && form.TryGetValue(name, out var posted) ? posted.ToString() : request.Query[name].ToString();
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <summary>The answer's language: a locale argument, else Accept-Language, else the city's default.</summary>
    private static CultureInfo Language(HttpRequest request, IFormCollection? form, string fallback)
    {
        if (IntakeCultures.FromLanguageCode(Value(request, form, "locale")) is { } asked)
        {
            return asked;
        }

        var accepted = request.GetTypedHeaders().AcceptLanguage
            .OrderByDescending(l => l.Quality ?? 1)
            .Select(l => IntakeCultures.FromLanguageCode(l.Value.Value))
            .FirstOrDefault(c => c is not null);
        return accepted ?? IntakeCultures.FromLanguageCode(fallback) ?? IntakeCultures.Persian;
    }
}
