using System.Collections.Concurrent;
using System.Globalization;
using ChatIntake.Channels.Telegram.Api;
using ChatIntake.Conversations;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;
using Microsoft.Extensions.Options;

namespace ChatIntake.Channels.Telegram;

/// <summary>
/// Takes updates from the poller or the webhook: a private-chat update goes into the inbox and the call returns only
/// once it is committed; button presses are answered and their buttons cleared; groups get one "message me privately".
/// </summary>
public sealed class BotUpdateHandler(
    Inbox inbox,
    TextCatalog texts,
    IOptions<LanguageOptions> language,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<BotUpdateHandler> logger)
{
    private static readonly TimeSpan GroupNoticeEvery = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<(string Bot, long Chat), DateTimeOffset> _groupNotices = new();
    private readonly ConcurrentDictionary<string, FloodGate> _floodGates = new();

    /// <summary>Handles a batch in its order: all are handed to the inbox at once, which commits them together.</summary>
    public Task HandleAllAsync(MessengerBot bot, IEnumerable<ReceivedUpdate> updates, CancellationToken cancellationToken) =>
        Task.WhenAll(updates.Select(u => HandleAsync(bot, u, cancellationToken)).ToList());

    public async Task HandleAsync(MessengerBot bot, ReceivedUpdate received, CancellationToken cancellationToken)
    {
        switch (received)
        {
            case ReceivedUpdate.Turn turn when !Admit(bot, turn):
                if (turn.CallbackQueryId is { } droppedCallback)
                {
                    AnswerCallback(bot, droppedCallback);
                }

                break;
            case ReceivedUpdate.Turn turn:
                await inbox.AcceptAsync(turn.Update, cancellationToken);
                if (turn.CallbackQueryId is { } callbackId)
                {
                    AnswerCallback(bot, callbackId);
                    if (turn.ButtonsMessageId is { } messageId)
                    {
                        // Pressed once is answered once: the buttons go, so an old question cannot be answered again.
                        var chatId = long.Parse(turn.Update.ChatId, CultureInfo.InvariantCulture);
                        InBackground(bot, "clear the pressed buttons", ct => bot.Client.EditMessageReplyMarkupAsync(new EditMessageReplyMarkupRequest(chatId, messageId), ct));
                    }
                }

                break;
            case ReceivedUpdate.GroupNotice notice:
                if (notice.CallbackQueryId is { } groupCallback)
                {
                    AnswerCallback(bot, groupCallback);
                }

                SendGroupNotice(bot, notice);
                break;
            case ReceivedUpdate.Ignored ignored:
                logger.LogDebug("{Bot} update ignored: {Reason}", bot.Name, ignored.Reason);
                if (ignored.CallbackQueryId is { } ignoredCallback)
                {
                    AnswerCallback(bot, ignoredCallback);
                }

                break;
        }
    }

    /// <summary>
    /// One chat's flood must not fill the inbox and the outbox for everyone: past its limit the chat is told once to
    /// slow down and its updates are dropped (acknowledged, so the messenger does not deliver them again).
    /// </summary>
    private bool Admit(MessengerBot bot, ReceivedUpdate.Turn turn)
    {
        var gate = _floodGates.GetOrAdd(bot.Name, _ => new FloodGate(bot.Options.UpdatesPerMinutePerChat, time));
        var verdict = gate.Take(turn.Update.ChatId);
        if (verdict.Admitted)
        {
            return true;
        }

        if (!verdict.FirstRefusal)
        {
            logger.LogDebug("{Bot} dropped update {UpdateId} of chat {ChatId}: over its limit", bot.Name, turn.Update.UpdateId, turn.Update.ChatId);
            return false;
        }

        logger.LogWarning("{Bot} chat {ChatId} sent more than {Limit} updates a minute; it is told once and its updates are dropped for about {Seconds} s",
            bot.Name, turn.Update.ChatId, bot.Options.UpdatesPerMinutePerChat, (int)verdict.RetryAfter.TotalSeconds);
        var culture = IntakeCultures.FromLanguageCode(turn.Update.Activity.From?.LanguageCode) ?? IntakeCultures.FromLanguageCode(language.Value.DefaultCulture) ?? IntakeCultures.Persian;
        var text = texts.Get("flood.slowdown", culture);
        var chatId = long.Parse(turn.Update.ChatId, CultureInfo.InvariantCulture);

        // Not through the outbox: it would wait behind the very flood it is about.
        InBackground(bot, "ask a chat to slow down", ct => bot.Client.SendMessageAsync(
            new SendMessageRequest(chatId, bot.Options.ParseMode == "HTML" ? BotMessageRenderer.EscapeHtml(text) : text, bot.Options.ParseMode is { Length: > 0 } mode ? mode : null), ct));
        return false;
    }

    private void AnswerCallback(MessengerBot bot, string callbackId) =>
        InBackground(bot, "answer a button press", ct => bot.Client.AnswerCallbackQueryAsync(new AnswerCallbackQueryRequest(callbackId), ct));

    private void SendGroupNotice(MessengerBot bot, ReceivedUpdate.GroupNotice notice)
    {
        var now = time.GetUtcNow();
        var key = (bot.Name, notice.ChatId);
        if (_groupNotices.TryGetValue(key, out var last) && now - last < GroupNoticeEvery)
        {
            return;
        }

        _groupNotices[key] = now;
        var culture = IntakeCultures.FromLanguageCode(notice.LanguageCode) ?? IntakeCultures.FromLanguageCode(language.Value.DefaultCulture) ?? IntakeCultures.Persian;

        // Not through the outbox: a group is no citizen's conversation, and a lost notice costs nothing.
        var text = texts.Get("group.private", culture);
        InBackground(bot, "ask a group to message privately", ct => bot.Client.SendMessageAsync(
            new SendMessageRequest(notice.ChatId, bot.Options.ParseMode == "HTML" ? BotMessageRenderer.EscapeHtml(text) : text, bot.Options.ParseMode is { Length: > 0 } mode ? mode : null), ct));
    }

    /// <summary>Courtesy calls run beside the update's handling: a slow messenger never holds up the next update.</summary>
    private void InBackground(MessengerBot bot, string what, Func<CancellationToken, Task> call) =>
        _ = Task.Run(async () =>
        {
            try
            {
                await call(lifetime.ApplicationStopping);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !lifetime.ApplicationStopping.IsCancellationRequested)
            {
                logger.LogDebug("{Bot} could not {What}: {Error}", bot.Name, what, BotApiClient.Describe(ex));
            }
        });
}
