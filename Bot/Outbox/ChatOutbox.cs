using System.Globalization;
using ChatIntake.Conversations;
using ChatIntake.Data;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Intake;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Outbox;

/// <summary>Messages the bot starts itself (follow-ups, staff reminders, digests): to a person's latest chat on their own channel.</summary>
public static class ChatOutbox
{
    /// <summary>
    /// Stages the message, written in the recipient's language, in <paramref name="db"/>'s unit of work; null when the
    /// recipient has no chat the bot can still reach (a phone caller, a citizen who blocked the bot).
    /// </summary>
    public static async Task<OutboxMessage?> StageAsync(IntakeDbContext db, long citizenId, long? ticketId, Func<CultureInfo, Activity> message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await db.Citizens.AsNoTracking().SingleOrDefaultAsync(c => c.Id == citizenId && c.Reachable, cancellationToken) is not { } citizen ||
            await db.Conversations.AsNoTracking().Where(c => c.CitizenId == citizenId && c.Channel == citizen.Channel)
                .OrderByDescending(c => c.LastActivityAt).FirstOrDefaultAsync(cancellationToken) is not { } chat)
        {
            return null;
        }

        var row = new OutboxMessage
        {
            Channel = chat.Channel,
            ExternalChatId = chat.ExternalChatId,
            CitizenId = citizenId,
            TicketId = ticketId,
            Payload = ActivityJson.Serialize(message(IntakeCultures.FromLanguageCode(citizen.Language) ?? IntakeCultures.Persian)),
            State = OutboxState.Pending,
            Lane = OutboxLane.Notice,
            NotBefore = now,
            CreatedAt = now,
        };
        db.Outbox.Add(row);
        return row;
    }
}
