namespace ChatIntake.Conversations;

/// <summary>What a turn needs of its conversation and citizen, as last committed.</summary>
internal sealed record ChatSnapshot(long ConversationId, long CitizenId, string? DialogState, int Version, string Language);
