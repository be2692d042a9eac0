using ChatIntake.Outbox;

namespace ChatIntake.Channels.DirectLine;

/// <summary>Delivery to a web chat is an append to its conversation's log; the page reads it on its next poll.</summary>
public sealed class WebChatChannel(WebChatLog log, WebChatFiles files) : IChannel
{
    public const string ChannelName = "webchat";

    public string Name => ChannelName;

    public bool IsMessenger => false;

    public async Task<SendResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        if (await log.FindAsync(message.ChatId, cancellationToken) is null)
        {
            return SendResult.Fail($"no web chat conversation {message.ChatId}", recipientUnreachable: true);
        }

        var (id, _) = await log.AppendAsync(message.ChatId, null,
            (activityId, at) => BotFrameworkActivity.FromBot(message.Activity, message.ChatId, activityId, at, null, fileId => files.Url(fileId)), cancellationToken);
        return SendResult.Sent(id);
    }
}
