using ChatIntake.Dialogs.Engine;

namespace ChatIntake.Conversations;

/// <param name="Activity">The update as the inbox stored it; null for updates resumed after a restart, read back from the inbox.</param>
public readonly record struct QueuedTurn(ConversationKey Key, long InboxId, Activity? Activity);
