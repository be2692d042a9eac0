using Microsoft.Extensions.Options;

namespace ChatIntake.Channels.Telegram;

/// <summary>The Telegram-shaped bots this installation runs: Telegram and Bale, each when its section has a token.</summary>
public sealed class MessengerBots(IOptionsMonitor<BotOptions> options, IHttpClientFactory httpClients, TimeProvider time, ILoggerFactory loggers)
{
    /// <summary>Configuration section and channel name of every messenger that speaks the Telegram Bot API.</summary>
    public static readonly IReadOnlyList<(string Section, string Channel)> Known = [("Telegram", "telegram"), ("Bale", "bale")];

    public const string HttpClientName = "bot-api";

    private readonly Lazy<IReadOnlyDictionary<string, MessengerBot>> _bots = new(() => Known
        .Select(k => (k.Channel, Options: options.Get(k.Section)))
        .Where(b => b.Options.IsConnected)
        .ToDictionary(b => b.Channel, b => new MessengerBot(b.Channel, b.Options,
            new BotApiClient(b.Channel, httpClients.CreateClient(HttpClientName), b.Options, time, loggers.CreateLogger<BotApiClient>()))));

    public IEnumerable<MessengerBot> Connected => _bots.Value.Values;

    public MessengerBot? Find(string channel) => _bots.Value.GetValueOrDefault(channel);
}
