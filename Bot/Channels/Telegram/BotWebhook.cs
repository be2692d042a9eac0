using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ChatIntake.Channels.Telegram;

/// <summary>
/// POST /webhooks/{bot}: the messenger's delivery of one update. The secret is compared in constant time; 200 is
/// answered only once the update is committed to the inbox, so a failure makes the messenger deliver it again.
/// </summary>
public static class BotWebhook
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";
    private const int MaxBodyBytes = 1024 * 1024;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/{bot}", (string bot, HttpContext http, MessengerBots bots, BotUpdateHandler handler, ILoggerFactory loggers) =>
            ReceiveAsync(bot, http.Request.Headers[SecretHeader].ToString(), http, bots, handler, loggers));
        app.MapPost("/webhooks/{bot}/{secret}", (string bot, string secret, HttpContext http, MessengerBots bots, BotUpdateHandler handler, ILoggerFactory loggers) =>
            ReceiveAsync(bot, secret, http, bots, handler, loggers, secretInPath: true));
    }

    private static async Task<IResult> ReceiveAsync(string name, string presented, HttpContext http, MessengerBots bots, BotUpdateHandler handler, ILoggerFactory loggers, bool secretInPath = false)
    {
        if (bots.Find(name) is not { Options.Mode: BotReceiveMode.Webhook } bot)
        {
            return Results.NotFound();
        }

        if (bot.Options.WebhookSecretInPath != secretInPath || !SameSecret(presented, bot.Options.WebhookSecret))
        {
            loggers.CreateLogger(typeof(BotWebhook)).LogWarning("{Bot} webhook called without the right secret from {Address}", name, http.Connection.RemoteIpAddress);
            return Results.Unauthorized();
        }

        if (http.Request.ContentLength > MaxBodyBytes)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        JsonElement update;
        try
        {
            update = await JsonSerializer.DeserializeAsync<JsonElement>(http.Request.Body, cancellationToken: http.RequestAborted);
        }
        catch (JsonException)
        {
            return Results.BadRequest();
        }

        await handler.HandleAsync(bot, bot.Translator.Translate(update), http.RequestAborted);
        return Results.Ok();
    }

    /// <summary>Hashing first makes the comparison take the same time whatever the lengths.</summary>
    private static bool SameSecret(string presented, string? expected) =>
        !string.IsNullOrEmpty(expected) &&
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
