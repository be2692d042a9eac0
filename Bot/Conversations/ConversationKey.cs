namespace ChatIntake.Conversations;

public readonly record struct ConversationKey(string Channel, string ChatId);
