using ChatIntake.Dialogs.Engine;

namespace ChatIntake.Outbox;

/// <param name="OutboxId">Stable across retries: channels that can, use it to make a resend idempotent.</param>
public sealed record OutboundMessage(long OutboxId, string ChatId, Activity Activity);
