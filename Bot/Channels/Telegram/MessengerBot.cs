namespace ChatIntake.Channels.Telegram;

/// <summary>One connected bot: its channel name ("telegram", "bale"), settings, API client and update reader.</summary>
public sealed class MessengerBot(string name, BotOptions options, BotApiClient client)
{
    /// <summary>The updates every bot asks for; the list is sticky on Telegram's side, so it is always sent.</summary>
    public static readonly IReadOnlyList<string> AllowedUpdates = ["message", "edited_message", "callback_query", "my_chat_member"];

    public string Name { get; } = name;

    public BotOptions Options { get; } = options;

    public BotApiClient Client { get; } = client;

    public UpdateTranslator Translator { get; } = new(name, options.MaxDownloadBytes);

    private readonly TaskCompletionSource _receiving = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the bot receives updates: polling has begun, or the webhook is registered.</summary>
    public Task Receiving => _receiving.Task;

    internal void MarkReceiving() => _receiving.TrySetResult();

    /// <summary>Where the messenger posts updates in webhook mode.</summary>
    public Uri WebhookUrl =>
        new($"{Options.PublicUrl!.TrimEnd('/')}/webhooks/{Name}" + (Options.WebhookSecretInPath ? "/" + Options.WebhookSecret : string.Empty));
}
