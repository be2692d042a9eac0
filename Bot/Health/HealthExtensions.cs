using ChatIntake.Channels.DirectLine;
using ChatIntake.Channels.Telegram;
using ChatIntake.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Health;

public static class HealthExtensions
{
    /// <summary>
    /// /healthz, JSON: the database and each channel, "ok" or "degraded" with the reason ("off" when not configured).
    /// 503 only when the database does not answer; a degraded channel keeps 200, so the instance stays in rotation
    /// for the channels that work, and the body says what is wrong.
    /// </summary>
    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapGet("/healthz", async (IntakeDbContext db, MessengerBots bots, WebChatPage webChat,
            ILogger<HealthCheck> logger, CancellationToken cancellationToken) =>
        {
            HealthReport.Part database;
            try
            {
                await db.Database.ExecuteSqlRawAsync("SELECT 1", cancellationToken);
                database = HealthReport.Part.Ok;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The exception goes to the log only: its text may name files or hosts.
                logger.LogError(ex, "Health check: the database does not answer");
                database = new HealthReport.Part(HealthReport.Degraded, "the database does not answer", null);
            }

            var channels = new Dictionary<string, HealthReport.Part>();
            foreach (var (section, channel) in MessengerBots.Known)
            {
                channels[channel] = bots.Find(channel) is { } bot
                    ? bot.Client.Health.Current is { Ok: true } answered ? HealthReport.Part.Ok with { Since = answered.At }
                        : new HealthReport.Part(HealthReport.Degraded, bot.Client.Health.Current.Problem, bot.Client.Health.Current.At)
                    : new HealthReport.Part(HealthReport.Off, $"no bot token ({section}:BotToken)", null);
            }

            channels["webchat"] = webChat.HasBundle
                ? HealthReport.Part.Ok
                : new HealthReport.Part(HealthReport.Degraded, "the Web Chat script is missing (the build fetches it into " + WebChatPage.BundleFolder + ")", null);

            var status = database.State != HealthReport.Ok ? "unavailable"
                : channels.Values.Any(c => c.State == HealthReport.Degraded) ? HealthReport.Degraded : HealthReport.Ok;
            return Results.Json(new HealthReport(status, database, channels),
                statusCode: database.State == HealthReport.Ok ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }
}
