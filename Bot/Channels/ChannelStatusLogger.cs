namespace ChatIntake.Channels;

/// <summary>Tells the operator at start which messengers are connected and how to connect one.</summary>
internal sealed class ChannelStatusLogger(IConfiguration configuration, ILogger<ChannelStatusLogger> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var messenger in new[] { "Telegram", "Bale" })
        {
            if (string.IsNullOrWhiteSpace(configuration[$"{messenger}:BotToken"]))
            {
                logger.LogInformation(
                    "{Messenger} is not connected: no bot token. Set {Messenger}:BotToken (environment variable {Variable}, or `dotnet user-secrets set {Messenger}:BotToken <token> --project Bot`) and restart",
                    messenger, messenger, $"{messenger}__BotToken", messenger);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
