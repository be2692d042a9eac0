using ChatIntake.Conversations;

namespace ChatIntake.Channels.Telegram;

/// <summary>What one Bot API update means for us.</summary>
public abstract record ReceivedUpdate
{
    /// <summary>A private-chat update for the dialogs. A button press also carries its callback to answer and the message to clear.</summary>
    public sealed record Turn(InboundUpdate Update, string? CallbackQueryId = null, long? ButtonsMessageId = null) : ReceivedUpdate;

    /// <summary>Someone addressed the bot in a group: it answers only "please message me privately".</summary>
    public sealed record GroupNotice(long ChatId, string? LanguageCode, string? CallbackQueryId = null) : ReceivedUpdate;

    /// <summary>Nothing for us (a kind we do not handle, a group chatter, a channel post); a callback is still answered.</summary>
    public sealed record Ignored(string Reason, string? CallbackQueryId = null) : ReceivedUpdate;
}
