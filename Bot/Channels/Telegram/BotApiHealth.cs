namespace ChatIntake.Channels.Telegram;

/// <summary>
/// How one bot's last Bot API call that matters went (getMe, getUpdates, setWebhook, sends): /healthz shows it.
/// An answer refusing one request (400, 403 "blocked by the user") still proves the API reachable.
/// </summary>
public sealed class BotApiHealth(TimeProvider time)
{
    private volatile Snapshot _current = new(false, "no answer from the Bot API yet", null);

    /// <summary>Calls whose failure says nothing about the channel: best-effort extras and the emulator's unsupported ones.</summary>
    private static readonly HashSet<string> Ignored = ["setMyCommands", "sendChatAction", "answerCallbackQuery", "editMessageReplyMarkup", "getWebhookInfo", "deleteWebhook", "getFile"];

    public Snapshot Current => _current;

    internal static bool Watches(string method) => !Ignored.Contains(method);

    internal void Answered() => _current = new Snapshot(true, null, time.GetUtcNow());

    internal void Failed(string method, Exception exception)
    {
        if (exception is BotApiException { FromBotApi: true, StatusCode: >= 400 and < 500 and not (401 or 404 or 409 or 429) })
        {
            Answered();
            return;
        }

        _current = new Snapshot(false, $"{method} failed: {BotApiClient.Describe(exception)}", time.GetUtcNow());
    }

    /// <param name="Ok">The last call that matters was answered.</param>
    /// <param name="Problem">Why not, without the token.</param>
    /// <param name="At">When that call ended; null before the first.</param>
    public sealed record Snapshot(bool Ok, string? Problem, DateTimeOffset? At);
}
