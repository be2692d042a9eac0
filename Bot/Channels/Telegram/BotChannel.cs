using System.Collections.Concurrent;
using System.Globalization;
using ChatIntake.Channels.Telegram.Api;
using ChatIntake.Outbox;
using ChatIntake.Privacy;
using ChatIntake.Tickets;
using Polly.Timeout;

namespace ChatIntake.Channels.Telegram;

/// <summary>
/// Delivers outbox messages to one bot's chats. A message split into several calls remembers how far it got, so a
/// retry after a failure part-way sends only the rest.
/// </summary>
public sealed class BotChannel(string name, MessengerBots bots, ILogger<BotChannel> logger, TicketFiles? files = null, CitizenDataExport? dataCopies = null) : IChannel
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
                SentMessage? sent;
                if (calls[i] is SendPhotoRequest kept && TicketFileReference.TryParse(kept.Photo, out _, out _))
                {
                    var (photo, wait) = await SendTicketPhotoAsync(client, kept, cancellationToken);
                    if (wait is not null)
                    {
                        return SendResult.Retry(wait, TimeSpan.FromSeconds(30));
                    }

                    sent = photo;
                }
                else
                {
                    sent = calls[i] switch
                    {
                        SendDocumentRequest document => await SendDocumentAsync(client, document, cancellationToken),
                        SendMessageRequest text => await client.SendMessageAsync(text, cancellationToken),
                        SendPhotoRequest photo => await client.SendPhotoAsync(photo, cancellationToken),
                        var other => throw new InvalidOperationException($"No Bot API call for {other.GetType().Name}"),
                    };
                }

                lastId = sent?.MessageId.ToString(CultureInfo.InvariantCulture) ?? lastId;
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

    /// <summary>
    /// A photo kept with a ticket (the after photo): by the messenger's own file id when it came from this bot, else uploaded
    /// from the attachment store. A download still under way asks to wait; a file that will never be had is left out.
    /// </summary>
    private async Task<(SentMessage? Sent, string? Wait)> SendTicketPhotoAsync(BotApiClient client, SendPhotoRequest request, CancellationToken cancellationToken)
    {
        if (files is null || await files.FindAsync(request.Photo, cancellationToken) is not { GivenUp: false } file)
        {
            logger.LogWarning("{Bot}: the ticket photo {Reference} cannot be had; the message goes without it", Name, request.Photo);
            return (null, null);
        }

        if (file.Channel == Name)
        {
            return (await client.SendPhotoAsync(request with { Photo = file.ChannelFileId }, cancellationToken), null);
        }

        if (file.StoredFile is { } path)
        {
            return (await client.SendPhotoFileAsync(request.ChatId, path, file.ContentType, file.FileName ?? "photo" + Path.GetExtension(path), cancellationToken), null);
        }

        return (null, "the photo is still being downloaded from the messenger");
    }

    /// <summary>A citizen's data copy, made now from what is held (nothing is sent when the citizen was erased meanwhile).</summary>
    private async Task<SentMessage?> SendDocumentAsync(BotApiClient client, SendDocumentRequest request, CancellationToken cancellationToken)
    {
        if (!CitizenDataReference.TryParse(request.Document, out var citizenId) || dataCopies is null ||
            await dataCopies.JsonAsync(citizenId, cancellationToken) is not { } content)
        {
            logger.LogWarning("{Bot}: the document {Reference} cannot be made; the message goes without it", Name, request.Document);
            return null;
        }

        return await client.SendDocumentFileAsync(request.ChatId, content, request.ContentType ?? "application/json", request.FileName ?? CitizenDataReference.FileName, request.Caption, cancellationToken);
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
