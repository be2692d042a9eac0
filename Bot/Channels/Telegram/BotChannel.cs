using System.Collections.Concurrent;
using System.Globalization;
using ChatIntake.Channels.Telegram.Api;
using ChatIntake.Outbox;
using Polly.Timeout;

namespace ChatIntake.Channels.Telegram;

/// <summary>
/// Delivers outbox messages to one bot's chats. A message split into several calls remembers how far it got, so a
/// retry after a failure part-way sends only the rest.
/// </summary>
public sealed class BotChannel(string name, MessengerBots bots, ILogger<BotChannel> logger) : IChannel
{
    private readonly ConcurrentDictionary<long, int> _progress = new();

    public string Name => name;

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        if (bots.Find(name) is not { Client: var client, Options: var options })
        {
            // Messages written while the bot was connected wait, unharmed, for its token to come back.
            return SendResult.Retry($"{name} is not connected (no bot token)", TimeSpan.FromMinutes(1));
        }

        if (!long.TryParse(message.ChatId, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var chatId))
        {
            return SendResult.Fail($"'{message.ChatId}' is not a {Name} chat id");
        }

        var calls = BotMessageRenderer.Render(chatId, message.Activity, options.ParseMode);
        var done = _progress.GetValueOrDefault(message.OutboxId);
        string? lastId = null;
        try
        {
            for (var i = done; i < calls.Count; i++)
            {
                var sent = calls[i] switch
                {
                    SendMessageRequest text => await client.SendMessageAsync(text, cancellationToken),
                    SendPhotoRequest photo => await client.SendPhotoAsync(photo, cancellationToken),
                    var other => throw new InvalidOperationException($"No Bot API call for {other.GetType().Name}"),
                };
                lastId = sent.MessageId.ToString(CultureInfo.InvariantCulture);
                _progress[message.OutboxId] = i + 1;
            }
        }
        catch (BotApiException ex)
        {
            return Judge(ex, message);
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException or IOException)
        {
            return SendResult.Retry(BotApiClient.Describe(ex));
        }

        _progress.TryRemove(message.OutboxId, out _);
        return SendResult.Sent(lastId);
    }

    private SendResult Judge(BotApiException ex, OutboundMessage message)
    {
        if (ex.IsRecipientGone)
        {
            _progress.TryRemove(message.OutboxId, out _);
            return SendResult.Fail(ex.Description, recipientUnreachable: true);
        }

        if (ex.IsRateLimited || ex.IsServerError)
        {
            return SendResult.Retry($"{ex.StatusCode} {ex.Description}", ex.RetryAfter);
        }

        if (ex.IsUnauthorized)
        {
            // The token was revoked or mistyped: nothing reaches anyone until an operator fixes it, so wait and keep the message.
            logger.LogError("{Bot} rejected the bot token ({Description}); messages wait until Telegram:BotToken / Bale:BotToken is corrected", Name, ex.Description);
            return SendResult.Retry($"{ex.StatusCode} {ex.Description}", TimeSpan.FromMinutes(1));
        }

        _progress.TryRemove(message.OutboxId, out _);
        logger.LogWarning("{Bot} refused {Method} for outbox message {OutboxId}: {Status} {Description}", Name, ex.Method, message.OutboxId, ex.StatusCode, ex.Description);
        return SendResult.Fail($"{ex.Method}: {ex.StatusCode} {ex.Description}");
    }
}
