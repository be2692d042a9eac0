namespace ChatIntake.Outbox;

/// <summary>Which messages go first when many chats wait: a person waiting for an answer before a notice nobody is waiting for.</summary>
public enum OutboxLane
{
    /// <summary>A turn's replies and a staff member's answer to the reporter.</summary>
    Reply = 0,

    /// <summary>Notices the bot starts itself: follow-ups, reminders, digests, nudges and followers' status notices.</summary>
    Notice = 1,
}
