using System.Globalization;
using ChatIntake.Conversations;
using ChatIntake.Data;
using ChatIntake.Dialogs.Engine;
using ChatIntake.Dialogs.Intake;
using ChatIntake.Dialogs.Text;
using Microsoft.EntityFrameworkCore;

namespace ChatIntake.Outbox;

/// <summary>
/// The one outbox stager for messages the bot starts itself (ticket notices, follow-ups, staff reminders, digests): to a
/// person's latest chat on their own channel, only while the bot can still reach them.
/// </summary>
public static class ChatOutbox
{
    /// <summary>
    /// Stages the message, written in the recipient's language, in <paramref name="db"/>'s unit of work; null when the
    /// recipient has no chat the bot can still reach (a phone caller, a citizen who blocked the bot).
    /// </summary>
    public static async Task<OutboxMessage?> StageAsync(IntakeDbContext db, long citizenId, long? ticketId, Func<CultureInfo, Activity> message, DateTimeOffset now, CancellationToken cancellationToken,
        OutboxLane lane = OutboxLane.Notice)
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
            Payload = ActivityJson.Serialize(WithWayOn(message(IntakeCultures.FromLanguageCode(citizen.Language) ?? IntakeCultures.Persian), chat,
                IntakeCultures.FromLanguageCode(citizen.Language) ?? IntakeCultures.Persian)),
            State = OutboxState.Pending,
            Lane = lane,
            NotBefore = now,
            CreatedAt = now,
        };
        db.Outbox.Add(row);
        return row;
    }

    /// <summary>
    /// A notice without buttons of its own, to a chat where no question is pending, carries the main menu: a staff reply or a
    /// status change never leaves the citizen without a way on (Web Chat shows only the last message's buttons, and
    /// Telegram removes the keyboard for a message without one).
    /// </summary>
    private static Activity WithWayOn(Activity message, Conversation chat, CultureInfo culture) =>
        message.SuggestedActions.Count > 0 || DialogState.FromJson(chat.DialogState, out _).Stack.Count > 0
            ? message
            : message with { SuggestedActions = Menu.Actions(new CultureTexts(TextCatalog.Default, culture)) };

    /// <summary>
    /// Stages a ticket's message to its reporter and, when <paramref name="toFollowers"/>, to the citizens following it,
    /// leaving out <paramref name="except"/> (the citizen who acted and hears the dialog's own reply). Followers hear
    /// <paramref name="toFollower"/> when given: a stranger's report reaches them without its code or anyone's words.
    /// Returns what was staged.
    /// </summary>
    public static async Task<IReadOnlyList<OutboxMessage>> StageToTicketAsync(IntakeDbContext db, long ticketId, long reporterId, bool toFollowers, Func<CultureInfo, Activity> message,
        DateTimeOffset now, CancellationToken cancellationToken, long? except = null, Func<CultureInfo, Activity>? toFollower = null, OutboxLane reporterLane = OutboxLane.Notice)
    {
        var citizenIds = new List<long> { reporterId };
        if (toFollowers)
        {
            citizenIds.AddRange(await db.TicketFollowers.AsNoTracking().Where(f => f.TicketId == ticketId).OrderBy(f => f.CitizenId).Select(f => f.CitizenId).ToListAsync(cancellationToken));
        }

        var staged = new List<OutboxMessage>();
        foreach (var citizenId in citizenIds.Distinct().Where(c => c != except))
        {
            var reporter = citizenId == reporterId;
            if (await StageAsync(db, citizenId, ticketId, reporter ? message : toFollower ?? message, now, cancellationToken, reporter ? reporterLane : OutboxLane.Notice) is { } row)
            {
                staged.Add(row);
            }
        }

        return staged;
    }
}
