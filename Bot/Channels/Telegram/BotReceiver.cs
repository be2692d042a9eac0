using System.Diagnostics;
using System.Text.Json;
using ChatIntake.Channels.Telegram.Api;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;

namespace ChatIntake.Channels.Telegram;

/// <summary>
/// Starts each connected bot: checks its token (getMe), publishes the command menus in Persian and English, then
/// either long-polls or registers the webhook. Polling confirms updates (the next offset) only after the inbox has
/// committed them, so a crash loses nothing; a redelivery is deduplicated by the inbox. Of several instances on one
/// PostgreSQL database only one polls each bot (<see cref="PollerElection"/>).
/// </summary>
public sealed class BotReceiver(MessengerBots bots, BotUpdateHandler handler, PollerElection election, TextCatalog texts, TimeProvider time, ILogger<BotReceiver> logger)
    : BackgroundService
{
    private static readonly string[] CommandNames = [Commands.Start, Commands.New, Commands.My, Commands.Status, Commands.Help, Commands.Cancel, Commands.Lang, Commands.MyData, Commands.Forget];

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(bots.Connected.Select(bot => Task.Run(() => RunAsync(bot, stoppingToken), stoppingToken)));

    private async Task RunAsync(MessengerBot bot, CancellationToken stoppingToken)
    {
        try
        {
            await IntroduceAsync(bot, stoppingToken);
            if (bot.Options.Mode == BotReceiveMode.Webhook)
            {
                await RegisterWebhookAsync(bot, stoppingToken);
            }
            else
            {
                await PollAsync(bot, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            logger.LogInformation("{Bot} stopped receiving", bot.Name);
        }
    }

    /// <summary>getMe until it answers: a wrong token is reported plainly, a network outage waited out.</summary>
    private async Task IntroduceAsync(MessengerBot bot, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var me = await bot.Client.GetMeAsync(stoppingToken);
                bot.Translator.BotUsername = me.Username;
                logger.LogInformation("{Bot} connected as @{Username} ({Mode})", bot.Name, me.Username, bot.Options.Mode);
                break;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                var unauthorized = ex is BotApiException { IsUnauthorized: true };
                logger.LogError("{Bot} could not start: {Error}. {Advice}", bot.Name, BotApiClient.Describe(ex),
                    unauthorized ? "The bot token was refused: check it with BotFather and set it again" : "Retrying");
                await Task.Delay(Backoff(attempt, unauthorized), time, stoppingToken);
            }
        }

        foreach (var culture in IntakeCultures.All)
        {
            var menu = CommandNames.Select(c => new BotCommand(c.TrimStart('/'), texts.Get("cmd." + c.TrimStart('/'), culture))).ToList();
            try
            {
                // The Persian menu is also the default for clients in any other language.
                await bot.Client.SetMyCommandsAsync(new SetMyCommandsRequest(menu, culture.TwoLetterISOLanguageName), stoppingToken);
                if (culture.Equals(IntakeCultures.Persian))
                {
                    await bot.Client.SetMyCommandsAsync(new SetMyCommandsRequest(menu), stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("{Bot} did not take the {Language} command menu: {Error}", bot.Name, culture.TwoLetterISOLanguageName, BotApiClient.Describe(ex));
            }
        }
    }

    private async Task RegisterWebhookAsync(MessengerBot bot, CancellationToken stoppingToken)
    {
        var request = new SetWebhookRequest(bot.WebhookUrl.ToString(), bot.Options.WebhookSecretInPath ? null : bot.Options.WebhookSecret, MessengerBot.AllowedUpdates);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await bot.Client.SetWebhookAsync(request, stoppingToken);
                bot.MarkReceiving();
                logger.LogInformation("{Bot} webhook registered at {Path}", bot.Name, bot.WebhookUrl.GetLeftPart(UriPartial.Authority) + "/webhooks/" + bot.Name);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError("{Bot} could not register its webhook: {Error}; retrying", bot.Name, BotApiClient.Describe(ex));
                await Task.Delay(Backoff(attempt, false), time, stoppingToken);
            }
        }
    }

    private async Task PollAsync(MessengerBot bot, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await using var turn = await election.WaitForTurnAsync(bot.Name, bot.Options.BotToken, stoppingToken);
            using var polling = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, turn.Lost);
            try
            {
                await PollWhileTurnAsync(bot, polling.Token);
            }
            catch (OperationCanceledException) when (turn.Lost.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
            {
                // Another instance may be polling already; this one waits for the lock again.
            }
        }
    }

    /// <summary>Long-polls until <paramref name="stoppingToken"/> ends this instance's turn (the host stops, or the lock's session is lost).</summary>
    private async Task PollWhileTurnAsync(MessengerBot bot, CancellationToken stoppingToken)
    {
        await DropWebhookAsync(bot, stoppingToken);
        bot.MarkReceiving();
        long? offset = null;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var started = Stopwatch.GetTimestamp();
                var batch = await bot.Client.GetUpdatesAsync(offset, 100, MessengerBot.AllowedUpdates, stoppingToken);
                if (batch.Count == 0)
                {
                    // A server that answers at once instead of long-polling would otherwise be asked thousands of times a second.
                    if (Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(1))
                    {
                        await Task.Delay(bot.Options.IdlePause, time, stoppingToken);
                    }

                    continue;
                }

                await handler.HandleAllAsync(bot, batch.Select(bot.Translator.Translate), stoppingToken);
                var last = batch.Select(UpdateId).Max();
                if (last is { } id)
                {
                    offset = id + 1;
                }

                failures = 0;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                failures++;
                var conflict = ex is BotApiException { IsConflict: true };
                logger.LogWarning("{Bot} polling failed: {Error}{Advice}", bot.Name, BotApiClient.Describe(ex),
                    conflict ? " — another instance polls with this token, or a webhook is set" : string.Empty);
                await Task.Delay(Backoff(failures, ex is BotApiException { IsUnauthorized: true }), time, stoppingToken);
            }
        }
    }

    /// <summary>Telegram refuses getUpdates while a webhook is set; a bot moved from webhook to polling must drop it.</summary>
    private async Task DropWebhookAsync(MessengerBot bot, CancellationToken stoppingToken)
    {
        try
        {
            var info = await bot.Client.GetWebhookInfoAsync(stoppingToken);
            if (!string.IsNullOrEmpty(info.Url))
            {
                await bot.Client.DeleteWebhookAsync(dropPendingUpdates: false, stoppingToken);
                logger.LogInformation("{Bot} webhook removed: this installation polls", bot.Name);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogDebug("{Bot} webhook check skipped: {Error}", bot.Name, BotApiClient.Describe(ex));
        }
    }

    private static long? UpdateId(JsonElement update) =>
        update.ValueKind == JsonValueKind.Object && update.TryGetProperty("update_id", out var id) && id.TryGetInt64(out var value) ? value : null;

    private static TimeSpan Backoff(int attempt, bool slow) =>
        slow ? TimeSpan.FromMinutes(1) : TimeSpan.FromMilliseconds(Math.Min(30_000, 250 * Math.Pow(2, Math.Min(attempt - 1, 10))));
}
