using ChatIntake.Outbox;
using ChatIntake.Tickets;

namespace ChatIntake.Channels.Telegram;

public static class TelegramExtensions
{
    /// <summary>Telegram and Bale (the same Bot API at another address): each runs when its section has a bot token.</summary>
    public static WebApplicationBuilder AddTelegramChannel(this WebApplicationBuilder builder)
    {
        foreach (var (section, channel) in MessengerBots.Known)
        {
            builder.Services.AddOptions<BotOptions>(section).BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
            builder.Services.AddSingleton<IChannel>(sp => new BotChannel(channel, sp.GetRequiredService<MessengerBots>(), sp.GetRequiredService<ILogger<BotChannel>>(), sp.GetService<Tickets.TicketFiles>(), sp.GetService<Privacy.CitizenDataExport>()));
        }

        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<BotOptions>, BotOptionsValidator>();

        // No logging handlers: they would write request URLs, and a Bot API URL carries the token.
        builder.Services.AddHttpClient(MessengerBots.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(3) })
            .RemoveAllLoggers();
        builder.Services.AddSingleton<MessengerBots>();
        builder.Services.AddSingleton<BotUpdateHandler>();
        builder.Services.AddSingleton<PollerElection>();
        builder.Services.AddHostedService<BotReceiver>();
        builder.Services.AddSingleton<IAttachmentSource, BotFileSource>();
        return builder;
    }

    public static WebApplication MapTelegramWebhooks(this WebApplication app)
    {
        BotWebhook.Map(app);
        return app;
    }
}
