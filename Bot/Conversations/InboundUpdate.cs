using ChatIntake.Dialogs.Engine;

namespace ChatIntake.Conversations;

/// <summary>What a channel hands the inbox: its own update id (for dedupe), the chat, and the update as an activity.</summary>
public sealed record InboundUpdate(string Channel, string UpdateId, string ChatId, Activity Activity);
