namespace ChatIntake.Conversations;

/// <summary>What a turn needs of its conversation and citizen, as last committed; the dialog state as stored, in UTF-8.</summary>
internal sealed record ChatSnapshot(long ConversationId, long CitizenId, byte[]? DialogState, int Version, string Language);
