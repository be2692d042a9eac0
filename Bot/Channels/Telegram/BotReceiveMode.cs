namespace ChatIntake.Channels.Telegram;

public enum BotReceiveMode
{
    /// <summary>The bot asks for updates (getUpdates); works behind NAT, no public URL needed.</summary>
    Polling,

    /// <summary>The messenger posts updates to our public HTTPS URL.</summary>
    Webhook,
}
